package dev.revenant.app.midlet;

import java.io.ByteArrayOutputStream;
import java.util.BitSet;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * The constant pool of one class file: which CONSTANT_Utf8 entries are string literals (the text of a
 * CONSTANT_String and nothing else), and a copy of the class with some of them rewritten in place.
 *
 * <p>The whole class is walked once (fields, methods, the attributes that name things) so that an entry
 * also used as a name, descriptor or source file name is never taken for a literal, and so that a class
 * which does not parse to its last byte is refused instead of patched.
 */
final class ClassConstants {
    private static final int UTF8 = 1;
    private static final int STRING = 8;

    private final byte[] bytes;
    /** Offset of entry i's tag byte; 0 for index 0 and for the unusable slot after a long or double. */
    private final int[] offsets;
    private final int poolEnd;
    private final int major;
    private final BitSet stringTargets = new BitSet();
    private final BitSet names = new BitSet();

    private ClassConstants(byte[] bytes) {
        this.bytes = bytes;
        Cursor in = new Cursor(bytes);
        if (in.u4() != 0xCAFEBABEL) {
            throw new IllegalArgumentException("no class-file magic number");
        }
        in.u2(); // minor
        major = in.u2();
        int count = in.u2();
        offsets = new int[count];
        for (int i = 1; i < count; i++) {
            offsets[i] = in.pos;
            int tag = in.u1();
            switch (tag) {
                case UTF8 -> in.skip(in.u2());
                case 3, 4 -> in.skip(4); // Integer, Float
                case 5, 6 -> { // Long, Double take two slots
                    in.skip(8);
                    i++;
                }
                case 7, 16, 19, 20 -> names.set(in.u2()); // Class, MethodType, Module, Package
                case STRING -> stringTargets.set(in.u2());
                case 9, 10, 11, 17, 18 -> in.skip(4); // member refs, Dynamic, InvokeDynamic: index pairs
                case 12 -> { // NameAndType
                    names.set(in.u2());
                    names.set(in.u2());
                }
                case 15 -> in.skip(3); // MethodHandle
                default -> throw new IllegalArgumentException("unknown constant tag " + tag + " at entry " + i);
            }
        }
        poolEnd = in.pos;
        in.skip(6); // access flags, this class, super class (Class entries, already counted)
        in.skip(2 * in.u2()); // interfaces
        for (int kind = 0; kind < 2; kind++) { // fields, then methods
            int members = in.u2();
            for (int m = 0; m < members; m++) {
                in.skip(2);
                names.set(in.u2());
                names.set(in.u2());
                attributes(in, 0);
            }
        }
        attributes(in, 0);
        if (in.pos != bytes.length) {
            throw new IllegalArgumentException((bytes.length - in.pos) + " bytes after the last attribute");
        }
    }

    /** Parses a class file; IllegalArgumentException when it is not one or does not parse to its end. */
    static ClassConstants parse(byte[] classFile) {
        try {
            return new ClassConstants(classFile);
        } catch (ArrayIndexOutOfBoundsException e) {
            throw new IllegalArgumentException("the class file ends too early");
        }
    }

    private void attributes(Cursor in, int depth) {
        if (depth > 1) {
            throw new IllegalArgumentException("a Code attribute inside a Code attribute's attributes");
        }
        int count = in.u2();
        for (int a = 0; a < count; a++) {
            int nameIndex = in.u2();
            names.set(nameIndex);
            long length = in.u4();
            if (in.pos + length > bytes.length) {
                throw new IllegalArgumentException("an attribute runs past the end of the class");
            }
            int end = (int) (in.pos + length);
            String name = utf8(nameIndex);
            if (name == null) {
                throw new IllegalArgumentException("an attribute name is not a Utf8 constant");
            }
            switch (name) {
                case "Code" -> {
                    in.skip(4); // max stack, max locals
                    long code = in.u4();
                    in.skip(code > end ? -1 : (int) code);
                    in.skip(8 * in.u2()); // exception table
                    attributes(in, depth + 1);
                }
                case "SourceFile", "Signature" -> names.set(in.u2());
                case "LocalVariableTable", "LocalVariableTypeTable" -> {
                    int n = in.u2();
                    for (int i = 0; i < n; i++) {
                        in.skip(4);
                        names.set(in.u2());
                        names.set(in.u2());
                        in.skip(2);
                    }
                }
                case "InnerClasses" -> {
                    int n = in.u2();
                    for (int i = 0; i < n; i++) {
                        in.skip(4);
                        names.set(in.u2());
                        in.skip(2);
                    }
                }
                default -> in.pos = end; // refers to no Utf8 by name (or, from Java 5 on, not walked: see major())
            }
            if (in.pos != end) {
                throw new IllegalArgumentException("attribute " + name + " is not " + length + " bytes long");
            }
        }
    }

    /** The class-file major version (45 for the CLDC MIDlets; annotations, not walked here, start at 49). */
    int major() {
        return major;
    }

    int count() {
        return offsets.length;
    }

    /** Where the constant pool ends: the rest of the class is copied unchanged by {@link #withUtf8}. */
    int poolEnd() {
        return poolEnd;
    }

    /** The text of Utf8 entry {@code index}; null when it is not a Utf8 entry or not well-formed. */
    String utf8(int index) {
        if (index <= 0 || index >= offsets.length || offsets[index] == 0 || bytes[offsets[index]] != UTF8) {
            return null;
        }
        int at = offsets[index];
        int length = ((bytes[at + 1] & 0xFF) << 8) | (bytes[at + 2] & 0xFF);
        return ModifiedUtf8.decode(bytes, at + 3, length);
    }

    /** Every Utf8 entry that is the text of a CONSTANT_String and used as nothing else, by index. */
    Map<Integer, String> literals() {
        Map<Integer, String> literals = new TreeMap<>();
        for (int i = stringTargets.nextSetBit(0); i >= 0; i = stringTargets.nextSetBit(i + 1)) {
            String text = utf8(i);
            if (text != null && !names.get(i)) {
                literals.put(i, text);
            }
        }
        return Collections.unmodifiableMap(literals);
    }

    /** Every Utf8 entry's text, by index (malformed ones left out). */
    Map<Integer, String> allUtf8() {
        Map<Integer, String> all = new LinkedHashMap<>();
        for (int i = 1; i < offsets.length; i++) {
            String text = utf8(i);
            if (text != null) {
                all.put(i, text);
            }
        }
        return all;
    }

    /**
     * A copy of the class in which the given literals have new text. Every other byte is copied as it is:
     * entries keep their indices, so no instruction, attribute or other entry needs to change.
     */
    byte[] withUtf8(Map<Integer, String> replacements) {
        Map<Integer, String> sorted = new TreeMap<>(replacements);
        Map<Integer, String> literals = literals();
        ByteArrayOutputStream out = new ByteArrayOutputStream(bytes.length + 64);
        int copied = 0;
        for (Map.Entry<Integer, String> r : sorted.entrySet()) {
            int index = r.getKey();
            if (!literals.containsKey(index)) {
                throw new IllegalArgumentException("constant " + index + " is not a string literal");
            }
            byte[] text = ModifiedUtf8.encode(r.getValue());
            if (text.length > 0xFFFF) {
                throw new IllegalArgumentException("a string constant is limited to 65535 bytes");
            }
            int at = offsets[index];
            int oldLength = ((bytes[at + 1] & 0xFF) << 8) | (bytes[at + 2] & 0xFF);
            out.write(bytes, copied, at - copied);
            out.write(UTF8);
            out.write(text.length >> 8);
            out.write(text.length & 0xFF);
            out.write(text, 0, text.length);
            copied = at + 3 + oldLength;
        }
        out.write(bytes, copied, bytes.length - copied);
        return out.toByteArray();
    }

    /** Big-endian reads over the class bytes; running off the end is an ArrayIndexOutOfBoundsException. */
    private static final class Cursor {
        private final byte[] b;
        int pos;

        Cursor(byte[] b) {
            this.b = b;
        }

        int u1() {
            return b[pos++] & 0xFF;
        }

        int u2() {
            return (u1() << 8) | u1();
        }

        long u4() {
            return ((long) u2() << 16) | u2();
        }

        void skip(int n) {
            if (n < 0 || pos + n > b.length) {
                throw new ArrayIndexOutOfBoundsException(pos + n);
            }
            pos += n;
        }
    }
}
