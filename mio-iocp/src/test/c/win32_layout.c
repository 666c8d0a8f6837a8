/*
 * The layout check: every constant, struct size and member offset of the Java facts class
 * (io.mio.iocp.Win32), as Win32LayoutTest renders them into win32_facts.h, asserted at compile time
 * against the C declarations. Compiled by conformance.sh with mingw-w64 (the real Windows SDK
 * headers, plus mio's AFD declarations from mio_win32.h) and with gcc (the shim's header): it
 * compiles only if every assertion holds.
 */
#include "mio_win32.h"

#include <stddef.h>
#include <stdint.h>

#define MIO_CONSTANT(name, value) \
    _Static_assert((uint32_t) (name) == (uint32_t) (value), #name " is " #value);
#define MIO_SIZE(type, size) \
    _Static_assert(sizeof(type) == (size), "sizeof(" #type ") is " #size);
#define MIO_OFFSET(type, member, offset) \
    _Static_assert(offsetof(type, member) == (offset), "offsetof(" #type ", " #member ") is " #offset);

#include "win32_facts.h"

/* the count of assertions, so the build log can say how many held */
const int mio_win32_facts = MIO_FACTS;
