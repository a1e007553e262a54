package dev.revenant.midlets;

import org.objectweb.asm.ClassReader;
import org.objectweb.asm.ClassVisitor;
import org.objectweb.asm.ClassWriter;
import org.objectweb.asm.Label;
import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Opcodes;

/**
 * What the harness changes in MicroEmulator 2.0.4 (never in a MIDlet) as its classes load:
 * <ul>
 *   <li>{@code Displayable.removeCommand(null)}: MIDP makes it a no-op, the emulator throws (4.62 calls it);</li>
 *   <li>{@code TextBox.setString(null)} / {@code TextField.setString(null)}: MIDP empties the box, the emulator
 *       throws (4.10 and 4.20 call it);</li>
 *   <li>the phone's network: {@code socket://} and {@code http://} connections pass their address through
 *       {@code inside.PhoneNetwork.route}, as a phone's operator network resolves a name (the MIDlet's compiled-in
 *       {@code gateway.mig33.com:9119} reaches the test server);</li>
 *   <li>{@code J2SEDisplayGraphics.drawString} reports each string it paints to {@code inside.PaintedText}, which is
 *       how the harness reads the screen of a MIDlet that draws everything itself on a Canvas; and
 *       {@code Display.setCurrent} tells it that the phone shows another screen; {@code fillRect} and
 *       {@code drawRect} tell it the areas filled (a line's background) and outlined (a 3.x list's focus);</li>
 *   <li>{@code drawRGB} is drawn as MIDP specifies it, translated, clipped and alpha-blended (see
 *       {@code inside.RgbDrawing}; 3.x clients paint their lists' backgrounds with it);</li>
 *   <li>{@code Image.createImage(String)} on a thread the emulator knows no MIDlet of looked in the emulator's own
 *       classes: it reads the MIDlet's JAR (4.62's default avatar).</li>
 * </ul>
 */
final class EmulatorCorrections {
    private EmulatorCorrections() {}

    private static final String NETWORK = "dev/revenant/midlets/inside/PhoneNetwork";
    private static final String PAINTED = "dev/revenant/midlets/inside/PaintedText";
    private static final String RESOURCES = "dev/revenant/midlets/inside/MidletResources";

    static byte[] apply(String path, byte[] bytes) {
        String cls = path.substring(0, path.length() - ".class".length());
        return switch (cls) {
            case "javax/microedition/lcdui/Displayable" ->
                    rewrite(bytes, "removeCommand", "(Ljavax/microedition/lcdui/Command;)V", EmulatorCorrections::returnIfNull);
            case "javax/microedition/lcdui/TextBox", "javax/microedition/lcdui/TextField" ->
                    rewrite(bytes, "setString", "(Ljava/lang/String;)V", EmulatorCorrections::nullAsEmpty);
            case "org/microemu/cldc/socket/Connection" ->
                    rewrite(bytes, "open", "(Ljava/lang/String;)Ljavax/microedition/io/Connection;", EmulatorCorrections::routed);
            case "org/microemu/cldc/http/Connection" ->
                    rewrite(bytes, "openConnection", "(Ljava/lang/String;IZ)Ljavax/microedition/io/Connection;",
                            EmulatorCorrections::routed);
            case "org/microemu/device/j2se/J2SEDisplayGraphics" -> textOf(bytes);
            case "org/microemu/device/j2se/J2SEDeviceDisplay" ->
                    rewrite(bytes, "getImage", "(Ljava/lang/String;)Ljavax/microedition/lcdui/Image;",
                            EmulatorCorrections::imageFromTheMidletsJar);
            case "javax/microedition/lcdui/Display" -> rewrite(bytes, "setCurrent", "(Ljavax/microedition/lcdui/Displayable;)V",
                    mv -> mv.visitMethodInsn(Opcodes.INVOKESTATIC, PAINTED, "screenChanged", "()V", false));
            default -> bytes;
        };
    }

    /** Code put at the start of one method. */
    private interface Prologue {
        void emit(MethodVisitor mv);
    }

    private static final String GRAPHICS = "org/microemu/device/j2se/J2SEDisplayGraphics";
    private static final String TARGET = "Lorg/microemu/device/MutableImage;";

    /** The graphics report the text they paint, the images they copy and the areas they fill. */
    private static byte[] textOf(byte[] bytes) {
        bytes = rewrite(bytes, "drawString", "(Ljava/lang/String;III)V", mv -> {
            target(mv);
            mv.visitVarInsn(Opcodes.ALOAD, 1);
            translated(mv, 2, "getTranslateX");
            translated(mv, 3, "getTranslateY");
            mv.visitVarInsn(Opcodes.ALOAD, 0);
            mv.visitMethodInsn(Opcodes.INVOKEVIRTUAL, GRAPHICS, "getColor", "()I", false);
            mv.visitMethodInsn(Opcodes.INVOKESTATIC, PAINTED, "drawn", "(Ljava/lang/Object;Ljava/lang/String;III)V", false);
        });
        bytes = rewrite(bytes, "drawImage", "(Ljavax/microedition/lcdui/Image;III)V", mv -> imageAt(mv, 2, 3));
        bytes = rewrite(bytes, "drawRegion", "(Ljavax/microedition/lcdui/Image;IIIIIIII)V", mv -> imageAt(mv, 7, 8));
        bytes = rewrite(bytes, "drawRect", "(IIII)V", mv -> rectangle(mv, "framed"));
        bytes = rewrite(bytes, "drawRGB", "([IIIIIIIZ)V", EmulatorCorrections::rgbAsSpecified);
        return rewrite(bytes, "fillRect", "(IIII)V", mv -> rectangle(mv, "filled"));
    }

    /** Reports a rectangle (x, y, width, height) and the colour it is drawn in to {@code PaintedText.report}. */
    private static void rectangle(MethodVisitor mv, String report) {
        target(mv);
        translated(mv, 1, "getTranslateX");
        translated(mv, 2, "getTranslateY");
        mv.visitVarInsn(Opcodes.ILOAD, 3);
        mv.visitVarInsn(Opcodes.ILOAD, 4);
        mv.visitVarInsn(Opcodes.ALOAD, 0);
        mv.visitMethodInsn(Opcodes.INVOKEVIRTUAL, GRAPHICS, "getColor", "()I", false);
        mv.visitMethodInsn(Opcodes.INVOKESTATIC, PAINTED, report, "(Ljava/lang/Object;IIIII)V", false);
    }

    private static void target(MethodVisitor mv) {
        mv.visitVarInsn(Opcodes.ALOAD, 0);
        mv.visitFieldInsn(Opcodes.GETFIELD, GRAPHICS, "image", TARGET);
    }

    /**
     * A coordinate argument as the display sees it: a MIDlet that called Graphics.translate paints at
     * coordinates relative to the new origin (4.62 paints its menus so), and a string's place on the screen
     * is where a user sees it.
     */
    private static void translated(MethodVisitor mv, int argument, String translation) {
        mv.visitVarInsn(Opcodes.ILOAD, argument);
        mv.visitVarInsn(Opcodes.ALOAD, 0);
        mv.visitMethodInsn(Opcodes.INVOKEVIRTUAL, GRAPHICS, translation, "()I", false);
        mv.visitInsn(Opcodes.IADD);
    }

    private static void imageAt(MethodVisitor mv, int x, int y) {
        target(mv);
        mv.visitVarInsn(Opcodes.ALOAD, 1);
        translated(mv, x, "getTranslateX");
        translated(mv, y, "getTranslateY");
        mv.visitMethodInsn(Opcodes.INVOKESTATIC, PAINTED, "imageDrawn", "(Ljava/lang/Object;Ljava/lang/Object;II)V", false);
    }

    private static byte[] rewrite(byte[] bytes, String method, String descriptor, Prologue prologue) {
        ClassReader reader = new ClassReader(bytes);
        ClassWriter writer = new ClassWriter(reader, ClassWriter.COMPUTE_MAXS);
        boolean[] found = {false};
        reader.accept(new ClassVisitor(Opcodes.ASM9, writer) {
            @Override
            public MethodVisitor visitMethod(int access, String name, String desc, String signature, String[] exceptions) {
                MethodVisitor mv = super.visitMethod(access, name, desc, signature, exceptions);
                if (!name.equals(method) || !desc.equals(descriptor) || (access & Opcodes.ACC_ABSTRACT) != 0) {
                    return mv;
                }
                found[0] = true;
                return new MethodVisitor(Opcodes.ASM9, mv) {
                    @Override
                    public void visitCode() {
                        super.visitCode();
                        prologue.emit(mv);
                    }
                };
            }
        }, 0);
        if (!found[0]) {
            throw new IllegalStateException("MicroEmulator changed: no " + method + descriptor + " to correct");
        }
        return writer.toByteArray();
    }

    /**
     * drawRGB is drawn by {@code inside.RgbDrawing} instead (translated, clipped, alpha blended), and the
     * emulator's own body is not run. (Its classes are version 48: no stack map frame needed after a return.)
     */
    private static void rgbAsSpecified(MethodVisitor mv) {
        mv.visitVarInsn(Opcodes.ALOAD, 0);
        for (int argument = 1; argument <= 8; argument++) {
            mv.visitVarInsn(argument == 1 ? Opcodes.ALOAD : Opcodes.ILOAD, argument);
        }
        mv.visitMethodInsn(Opcodes.INVOKESTATIC, "dev/revenant/midlets/inside/RgbDrawing", "draw",
                "(Ljavax/microedition/lcdui/Graphics;[IIIIIIIZ)V", false);
        mv.visitInsn(Opcodes.RETURN);
    }

    private static void returnIfNull(MethodVisitor mv) {
        Label go = new Label();
        mv.visitVarInsn(Opcodes.ALOAD, 1);
        mv.visitJumpInsn(Opcodes.IFNONNULL, go);
        mv.visitInsn(Opcodes.RETURN);
        mv.visitLabel(go);
    }

    private static void nullAsEmpty(MethodVisitor mv) {
        Label go = new Label();
        mv.visitVarInsn(Opcodes.ALOAD, 1);
        mv.visitJumpInsn(Opcodes.IFNONNULL, go);
        mv.visitLdcInsn("");
        mv.visitVarInsn(Opcodes.ASTORE, 1);
        mv.visitLabel(go);
    }

    /**
     * {@code Image.createImage("/default-avatar.png")} from a thread the emulator knows no MIDlet of (4.62's
     * start-up thread) looked in the emulator's own classes and failed: 4.62 then had no default avatar and
     * asked the server for avatar "0" at every repaint of a room's users. The picture comes from the
     * MIDlet's JAR, as on a phone.
     */
    private static void imageFromTheMidletsJar(MethodVisitor mv) {
        Label go = new Label();
        mv.visitVarInsn(Opcodes.ALOAD, 1);
        mv.visitMethodInsn(Opcodes.INVOKESTATIC, RESOURCES, "ownerless", "(Ljava/lang/String;)Ljava/io/InputStream;", false);
        mv.visitVarInsn(Opcodes.ASTORE, 2);
        mv.visitVarInsn(Opcodes.ALOAD, 2);
        mv.visitJumpInsn(Opcodes.IFNULL, go);
        mv.visitVarInsn(Opcodes.ALOAD, 0);
        mv.visitVarInsn(Opcodes.ALOAD, 2);
        mv.visitMethodInsn(Opcodes.INVOKESPECIAL, "org/microemu/device/j2se/J2SEDeviceDisplay", "getImage",
                "(Ljava/io/InputStream;)Ljavax/microedition/lcdui/Image;", false);
        mv.visitInsn(Opcodes.ARETURN);
        mv.visitLabel(go);
    }

    private static void routed(MethodVisitor mv) {
        mv.visitVarInsn(Opcodes.ALOAD, 1);
        mv.visitMethodInsn(Opcodes.INVOKESTATIC, NETWORK, "route", "(Ljava/lang/String;)Ljava/lang/String;", false);
        mv.visitVarInsn(Opcodes.ASTORE, 1);
    }

}
