package io.mio.iocp;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.StructLayout;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

import static java.lang.foreign.MemoryLayout.PathElement.groupElement;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The facts class is the one source of the Windows numbers; {@code src/test/c/win32_facts.h} is
 * rendered from it and must match it byte for byte, so that the static assertions of
 * {@code win32_layout.c} (compiled with mingw-w64 against the SDK headers) check exactly what the
 * Java side uses. Regenerate the header after a change with
 * {@code ./mvnw -pl mio-iocp -am verify -Dtest=Win32LayoutTest -Dmio.iocp.regenerate=true}.
 */
class Win32LayoutTest {
    private static final Path HEADER = Path.of("src/test/c/win32_facts.h");

    @Test
    void factsHeaderIsRenderedFromTheFactsClass() throws IOException {
        String rendered = render();
        if (Boolean.getBoolean("mio.iocp.regenerate")) {
            Files.writeString(HEADER, rendered, StandardCharsets.UTF_8);
        }
        assertEquals(rendered, Files.readString(HEADER, StandardCharsets.UTF_8),
                HEADER + " is stale: regenerate it with -Dmio.iocp.regenerate=true (see this test's Javadoc)");
    }

    @Test
    void afdStructuresAreAsMioDeclaresThem() {
        // the numbers Rust mio's afd.rs implies on 64-bit Windows: checked here by hand once more
        assertEquals(16, Win32.AFD_POLL_HANDLE_INFO.byteSize());
        assertEquals(32, Win32.AFD_POLL_INFO.byteSize());
        assertEquals(16, Win32.AFD_POLL_INFO.byteOffset(groupElement("Handles")));
        assertEquals(24, Win32.AFD_POLL_INFO.byteOffset(groupElement("Handles"), groupElement("Events")));
        assertEquals(0x48000022, Win32.SIO_BASE_HANDLE);
    }

    @Test
    void completionStructuresHaveTheirX64Sizes() {
        assertEquals(16, Win32.IO_STATUS_BLOCK.byteSize());
        assertEquals(32, Win32.OVERLAPPED.byteSize());
        assertEquals(32, Win32.OVERLAPPED_ENTRY.byteSize());
        assertEquals(24, Win32.OVERLAPPED_ENTRY.byteOffset(groupElement("dwNumberOfBytesTransferred")));
        assertEquals(16, Win32.WSABUF.byteSize());
        assertEquals(28, Win32.SOCKADDR_IN6.byteSize());
        assertEquals(110, Win32.SOCKADDR_UN.byteSize());
    }

    /** The header: one line per constant, per struct size and per named member's offset. */
    static String render() {
        List<Field> constants = new ArrayList<>();
        List<StructLayout> layouts = new ArrayList<>();
        for (Field field : Win32.class.getDeclaredFields()) {
            int modifiers = field.getModifiers();
            if (!Modifier.isStatic(modifiers) || !Modifier.isFinal(modifiers)) {
                continue;
            }
            if (field.getType() == int.class) {
                constants.add(field);
            } else if (field.getType() == StructLayout.class) {
                layouts.add((StructLayout) value(field));
            }
        }
        constants.sort(Comparator.comparing(Field::getName));
        layouts.sort(Comparator.comparing(layout -> layout.name().orElseThrow()));
        StringBuilder out = new StringBuilder();
        out.append("/* Rendered from io.mio.iocp.Win32 by Win32LayoutTest: do not edit (see that test). */\n");
        int facts = 0;
        for (Field constant : constants) {
            out.append(String.format(Locale.ROOT, "MIO_CONSTANT(%s, 0x%08X)\n", constant.getName(), (int) value(constant)));
            facts++;
        }
        for (StructLayout layout : layouts) {
            String type = layout.name().orElseThrow();
            out.append(String.format(Locale.ROOT, "MIO_SIZE(%s, %d)\n", type, layout.byteSize()));
            facts++;
            for (MemoryLayout member : layout.memberLayouts()) {
                if (member.name().isPresent()) {
                    String name = member.name().get();
                    out.append(String.format(Locale.ROOT, "MIO_OFFSET(%s, %s, %d)\n",
                            type, name, layout.byteOffset(groupElement(name))));
                    facts++;
                }
            }
        }
        out.append("#define MIO_FACTS ").append(facts).append('\n');
        return out.toString();
    }

    private static Object value(Field field) {
        try {
            return field.get(null);
        } catch (IllegalAccessException e) {
            throw new AssertionError(field.getName(), e);
        }
    }
}
