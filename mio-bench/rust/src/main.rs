//! The plaintext server of mio-bench on Rust's mio, with the logic of the Java servers: one
//! thread, edge-triggered, read until WouldBlock, count requests by "\r\n\r\n", answer each with
//! the same fixed response, a partial write adds WRITABLE interest until the output drains.
//!
//! usage: mio-plaintext PORT MAX_SECONDS   (prints "READY port pid", stops after MAX_SECONDS)

use mio::net::{TcpListener, TcpStream};
use mio::{Events, Interest, Poll, Token};
use std::io::{ErrorKind, Read, Write};
use std::time::{Duration, Instant};

const RESPONSE: &[u8] =
    b"HTTP/1.1 200 OK\r\nContent-Length: 13\r\nContent-Type: text/plain\r\n\r\nHello, World!";
const READ_BUFFER: usize = 16 * 1024;
const WRITE_BUFFER: usize = 64 * 78 * 16;
const LISTENER: Token = Token(usize::MAX);

struct Connection {
    stream: TcpStream,
    scan: u8,
    owed: usize,
    out: Vec<u8>,
    out_pos: usize,
    write_interest: bool,
}

fn step(state: u8, b: u8) -> u8 {
    match b {
        b'\r' => if state == 2 { 3 } else { 1 },
        b'\n' => match state { 1 => 2, 3 => 4, _ => 0 },
        _ => 0,
    }
}

impl Connection {
    /// Reads until WouldBlock; false at end of stream or on an error.
    fn read(&mut self, buf: &mut [u8]) -> bool {
        loop {
            match self.stream.read(buf) {
                Ok(0) => return false,
                Ok(n) => {
                    let mut state = self.scan;
                    for &b in &buf[..n] {
                        state = step(state, b);
                        if state == 4 {
                            self.owed += 1;
                            state = 0;
                        }
                    }
                    self.scan = state;
                }
                Err(e) if e.kind() == ErrorKind::WouldBlock => return true,
                Err(e) if e.kind() == ErrorKind::Interrupted => continue,
                Err(_) => return false,
            }
        }
    }

    /// Writes what is owed; false on an error.
    fn flush(&mut self, poll: &Poll, token: Token) -> bool {
        loop {
            if self.out_pos == self.out.len() {
                if self.owed == 0 {
                    break;
                }
                self.out.clear();
                self.out_pos = 0;
                let n = self.owed.min(WRITE_BUFFER / RESPONSE.len());
                for _ in 0..n {
                    self.out.extend_from_slice(RESPONSE);
                }
                self.owed -= n;
            }
            match self.stream.write(&self.out[self.out_pos..]) {
                Ok(n) => self.out_pos += n,
                Err(e) if e.kind() == ErrorKind::WouldBlock => {
                    if !self.write_interest {
                        self.write_interest = true;
                        if poll.registry().reregister(&mut self.stream, token,
                                Interest::READABLE | Interest::WRITABLE).is_err() {
                            return false;
                        }
                    }
                    return true;
                }
                Err(e) if e.kind() == ErrorKind::Interrupted => continue,
                Err(_) => return false,
            }
        }
        if self.write_interest {
            self.write_interest = false;
            if poll.registry().reregister(&mut self.stream, token, Interest::READABLE).is_err() {
                return false;
            }
        }
        true
    }
}

fn main() -> std::io::Result<()> {
    let args: Vec<String> = std::env::args().collect();
    if args.len() != 3 {
        eprintln!("usage: mio-plaintext PORT MAX_SECONDS");
        std::process::exit(2);
    }
    let port: u16 = args[1].parse().expect("port");
    let deadline = Instant::now() + Duration::from_secs(args[2].parse().expect("seconds"));
    let mut poll = Poll::new()?;
    let mut events = Events::with_capacity(1024);
    let mut listener = TcpListener::bind(format!("127.0.0.1:{port}").parse().unwrap())?;
    poll.registry().register(&mut listener, LISTENER, Interest::READABLE)?;
    println!("READY {} {}", listener.local_addr()?.port(), std::process::id());
    let mut connections: Vec<Option<Connection>> = Vec::new();
    let mut free: Vec<usize> = Vec::new();
    let mut buf = vec![0u8; READ_BUFFER];
    while Instant::now() < deadline {
        if let Err(e) = poll.poll(&mut events, Some(Duration::from_secs(1))) {
            if e.kind() == ErrorKind::Interrupted {
                continue;
            }
            return Err(e);
        }
        for event in events.iter() {
            if event.token() == LISTENER {
                loop {
                    match listener.accept() {
                        Ok((mut stream, _)) => {
                            let _ = stream.set_nodelay(true);
                            let slot = free.pop().unwrap_or_else(|| {
                                connections.push(None);
                                connections.len() - 1
                            });
                            poll.registry().register(&mut stream, Token(slot), Interest::READABLE)?;
                            connections[slot] = Some(Connection {
                                stream, scan: 0, owed: 0, out: Vec::with_capacity(WRITE_BUFFER),
                                out_pos: 0, write_interest: false,
                            });
                        }
                        Err(e) if e.kind() == ErrorKind::WouldBlock => break,
                        Err(e) if e.kind() == ErrorKind::Interrupted => continue,
                        Err(e) => return Err(e),
                    }
                }
                continue;
            }
            let slot = event.token().0;
            let alive = match connections.get_mut(slot).and_then(|c| c.as_mut()) {
                None => continue,
                Some(c) => {
                    (!event.is_readable() || c.read(&mut buf))
                        && (!(event.is_writable() || c.owed > 0) || c.flush(&poll, event.token()))
                }
            };
            if !alive {
                connections[slot] = None; // dropping the stream closes it and deregisters
                free.push(slot);
            }
        }
    }
    Ok(())
}
