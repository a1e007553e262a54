package dev.revenant.midlets.inside;

import dev.revenant.midlets.Phone;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.InputStream;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Vector;
import java.util.concurrent.CopyOnWriteArrayList;
import javax.microedition.lcdui.Alert;
import javax.microedition.lcdui.Choice;
import javax.microedition.lcdui.Command;
import javax.microedition.lcdui.Displayable;
import javax.microedition.lcdui.Form;
import javax.microedition.lcdui.Item;
import javax.microedition.lcdui.StringItem;
import javax.microedition.lcdui.TextBox;
import javax.microedition.lcdui.TextField;
import org.microemu.DisplayAccess;
import org.microemu.DisplayComponent;
import org.microemu.EmulatorContext;
import org.microemu.MIDletAccess;
import org.microemu.MIDletBridge;
import org.microemu.app.Common;
import org.microemu.app.ui.noui.NoUiDisplayComponent;
import org.microemu.app.util.DeviceEntry;
import org.microemu.device.DeviceDisplay;
import org.microemu.device.DeviceFactory;
import org.microemu.device.FontManager;
import org.microemu.device.InputMethod;
import org.microemu.device.j2se.J2SEButton;
import org.microemu.device.j2se.J2SEDevice;
import org.microemu.device.j2se.J2SEDeviceDisplay;
import org.microemu.device.j2se.J2SEFontManager;
import org.microemu.device.j2se.J2SEInputMethod;

/**
 * The harness's side inside one phone: MicroEmulator's headless set-up (no window: the display paints into
 * an image), the device's own buttons for input, and the painted strings for output.
 */
public final class Handset implements Phone.Control {
    private final NoUiDisplayComponent display = new NoUiDisplayComponent();
    private final J2SEInputMethod input = new J2SEInputMethod();
    private final List<String> platformRequests = new CopyOnWriteArrayList<>();
    private final List<String> midletErrors = new CopyOnWriteArrayList<>();
    private final Object repaintLock = new Object();
    private long repaints;
    /** The display's pixels when its last repaint ended (guarded by repaintLock). */
    private BufferedImage shown;
    private J2SEDeviceDisplay deviceDisplay;
    private J2SEFontManager fonts;
    private Common emulator;

    private final EmulatorContext context = new EmulatorContext() {
        @Override public DisplayComponent getDisplayComponent() { return display; }
        @Override public InputMethod getDeviceInputMethod() { return input; }
        @Override public DeviceDisplay getDeviceDisplay() { return deviceDisplay; }
        @Override public FontManager getDeviceFontManager() { return fonts; }
        @Override public InputStream getResourceAsStream(String name) {
            return MIDletBridge.getCurrentMIDlet().getClass().getResourceAsStream(name);
        }
        @Override public boolean platformRequest(String url) {
            // what the phone's browser would open (a picture's URL, a help page): recorded, not opened
            platformRequests.add(url);
            return false;
        }
    };

    public Handset() {
        deviceDisplay = new J2SEDeviceDisplay(context);
        fonts = new J2SEFontManager();
    }

    @Override
    public void start(String jadUrl, Map<String, String> routes) {
        PhoneNetwork.routes(routes);
        PaintedText.display(display::getDisplayImage);
        display.addDisplayRepaintListener(image -> {
            // what the phone shows is read between paints (see PaintedText.SHOWN): its strings and its pixels
            PaintedText.repainted(image);
            BufferedImage pixels = (BufferedImage) ((org.microemu.device.j2se.J2SEMutableImage) image).getImage();
            synchronized (repaintLock) {
                if (shown == null || shown.getWidth() != pixels.getWidth() || shown.getHeight() != pixels.getHeight()) {
                    shown = new BufferedImage(pixels.getColorModel(), pixels.getRaster().createCompatibleWritableRaster(), false, null);
                }
                shown.setData(pixels.getRaster());
                repaints++;
                repaintLock.notifyAll();
            }
        });
        emulator = new Common(context);
        List<String> params = new ArrayList<>(List.of("--rms", "memory", jadUrl));
        DeviceEntry device = new DeviceEntry("Default device", null, "org/microemu/device/default/device.xml", true, false);
        emulator.initParams(params, device, J2SEDevice.class);
        emulator.initMIDlet(true);
    }

    @Override
    public void memoryCard(String directory) {
        // the MIDlet sees the card by its system property (4.x offer "From Storage" only then) and lists
        // the card's roots through FileSystemRegistry
        new org.microemu.cldc.file.FileSystem().registerImplementation(new java.util.HashMap<>(Map.of(
                org.microemu.cldc.file.FileSystem.fsRootConfigProperty, directory)));
    }

    @Override
    public void keyDown(String button) {
        J2SEButton b = button(button);
        inMidlet(() -> input.buttonPressed(b, keyChar(b)));
    }

    @Override
    public void keyUp(String button) {
        J2SEButton b = button(button);
        inMidlet(() -> input.buttonReleased(b, keyChar(b)));
    }

    private static char keyChar(J2SEButton b) {
        return b.getName().length() == 1 ? b.getName().charAt(0) : '\0';
    }

    /**
     * Runs a MIDlet callback as a phone's event thread would: an exception the MIDlet throws is the MIDlet's
     * (a real phone logs it and goes on), kept for the test's report rather than thrown at the test.
     */
    private void inMidlet(Runnable callback) {
        // the emulator's event thread carries the MIDlet's context: threads and timers the MIDlet starts
        // from a callback then belong to it (and end with it), as they would on a phone
        MIDletBridge.setThreadMIDletContext(MIDletBridge.getMIDletContext());
        try {
            callback.run();
        } catch (RuntimeException e) {
            midletErrors.add(e.toString());
        }
    }

    @Override
    public List<String> midletErrors() {
        return List.copyOf(midletErrors);
    }

    private static J2SEButton button(String name) {
        for (Object o : DeviceFactory.getDevice().getButtons()) {
            J2SEButton b = (J2SEButton) o;
            if (b.getName().equals(name)) {
                return b;
            }
        }
        throw new IllegalArgumentException("the device has no button " + name);
    }

    private DisplayAccess displayAccess() {
        MIDletAccess access = MIDletBridge.getMIDletAccess();
        return access == null ? null : access.getDisplayAccess();
    }

    @Override
    public List<String> screen() {
        return PaintedText.on(PaintedText.SHOWN);
    }

    @Override
    public int colourOf(String text) {
        return PaintedText.colourOf(PaintedText.SHOWN, text);
    }

    @Override
    public int rowOf(String text) {
        return PaintedText.rowOf(PaintedText.SHOWN, text);
    }

    @Override
    public int[] whereIs(String text) {
        return PaintedText.whereIs(PaintedText.SHOWN, text);
    }

    @Override
    public int frameOf(String text) {
        return PaintedText.frameOf(PaintedText.SHOWN, text);
    }

    @Override
    public int backgroundOf(String text) {
        return PaintedText.backgroundOf(PaintedText.SHOWN, text);
    }

    @Override
    public void displayImage(BufferedImage shot) {
        synchronized (repaintLock) {
            if (shown != null) {
                Graphics2D g = shot.createGraphics();
                g.drawImage(shown, 0, 0, null);
                g.dispose();
            }
        }
    }

    @Override
    public String peek(String className, String field) {
        try {
            Class<?> c = Class.forName(className, false, MIDletBridge.getCurrentMIDlet().getClass().getClassLoader());
            if (field.startsWith("()")) { // a static method without arguments
                java.lang.reflect.Method m = c.getDeclaredMethod(field.substring(2));
                m.setAccessible(true);
                Object v = m.invoke(null);
                return v instanceof Object[] a ? java.util.Arrays.toString(a) : String.valueOf(v);
            }
            java.lang.reflect.Field f = c.getDeclaredField(field);
            f.setAccessible(true);
            return String.valueOf(f.get(null));
        } catch (ReflectiveOperationException | RuntimeException e) {
            return e.toString();
        }
    }

    /** How long a closing phone's MIDlet threads get to end by themselves (see stop). */
    private static final int GRACE_MILLIS = 200;

    @Override
    public void redraw() {
        DisplayAccess d = displayAccess();
        if (d != null && d.getCurrent() instanceof javax.microedition.lcdui.Canvas canvas) {
            inMidlet(canvas::repaint);
        }
    }

    @Override
    public String describe() {
        DisplayAccess d = displayAccess();
        Displayable current = d == null ? null : d.getCurrent();
        if (current == null) {
            return "(nothing shown)";
        }
        StringBuilder s = new StringBuilder(current.getClass().getName());
        if (current.getTitle() != null) {
            s.append(" \"").append(current.getTitle()).append('"');
        }
        if (current instanceof TextBox box) {
            s.append(" text=\"").append(box.getString()).append('"');
        } else if (current instanceof Alert alert) {
            s.append(" alert=\"").append(alert.getString()).append('"');
        } else if (current instanceof Choice list) {
            for (int i = 0; i < list.size(); i++) {
                s.append(i == list.getSelectedIndex() ? " [*" : " [").append(list.getString(i)).append(']');
            }
        } else if (current instanceof Form form) {
            for (int i = 0; i < form.size(); i++) {
                Item item = form.get(i);
                s.append(" {").append(item.getLabel() == null ? "" : item.getLabel());
                if (item instanceof TextField f) {
                    s.append("=\"").append(f.getString()).append('"');
                } else if (item instanceof StringItem si) {
                    s.append(": ").append(si.getText());
                } else if (item instanceof Choice c) {
                    for (int j = 0; j < c.size(); j++) {
                        s.append(j == c.getSelectedIndex() ? " (*" : " (").append(c.getString(j)).append(')');
                    }
                }
                s.append('}');
            }
        }
        s.append(" commands=").append(commands());
        return s.toString();
    }

    private List<Command> commandObjects() {
        DisplayAccess d = displayAccess();
        Displayable current = d == null ? null : d.getCurrent();
        if (current == null) {
            return List.of();
        }
        try {
            Method m = Displayable.class.getDeclaredMethod("getCommands");
            m.setAccessible(true);
            Vector<?> commands = (Vector<?>) m.invoke(current);
            synchronized (commands) {
                List<Command> out = new ArrayList<>();
                for (Object o : commands) {
                    out.add((Command) o);
                }
                return out;
            }
        } catch (java.lang.reflect.InvocationTargetException e) {
            return List.of(); // the screen is being built on the MIDlet's thread: asked again after its repaint
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("MicroEmulator changed: Displayable.getCommands", e);
        }
    }

    @Override
    public List<String> commands() {
        List<String> out = new ArrayList<>();
        for (Command c : commandObjects()) {
            out.add(c.getLabel());
        }
        return out;
    }

    @Override
    public boolean command(String label) {
        DisplayAccess d = displayAccess();
        for (Command c : commandObjects()) {
            if (c.getLabel().equalsIgnoreCase(label)) {
                inMidlet(() -> d.commandAction(c, d.getCurrent()));
                return true;
            }
        }
        return false;
    }

    @Override
    public boolean type(String text) {
        DisplayAccess d = displayAccess();
        Displayable current = d == null ? null : d.getCurrent();
        if (current instanceof TextBox box) {
            box.setString(text);
            return true;
        }
        if (current instanceof Form form) {
            for (int i = 0; i < form.size(); i++) {
                if (form.get(i) instanceof TextField f && focused(form, f)) {
                    f.setString(text);
                    return true;
                }
            }
        }
        return false;
    }

    private static boolean focused(Form form, TextField f) {
        try {
            Field focus = Form.class.getDeclaredField("focusItemIndex");
            focus.setAccessible(true);
            int index = focus.getInt(form);
            return index >= 0 && form.get(index) == f;
        } catch (ReflectiveOperationException e) {
            return form.size() > 0 && form.get(0) == f;
        }
    }

    @Override
    public List<String> dialled() {
        return PhoneNetwork.dialled();
    }

    @Override
    public List<String> platformRequests() {
        return List.copyOf(platformRequests);
    }

    @Override
    public long repaints() {
        synchronized (repaintLock) {
            return repaints;
        }
    }

    @Override
    public void awaitRepaint(long after, long timeoutMillis) throws InterruptedException {
        long deadline = System.currentTimeMillis() + timeoutMillis;
        synchronized (repaintLock) {
            long left;
            while (repaints <= after && (left = deadline - System.currentTimeMillis()) > 0) {
                repaintLock.wait(left);
            }
        }
    }

    @Override
    public int width() {
        return deviceDisplay.getFullWidth();
    }

    @Override
    public int height() {
        return deviceDisplay.getFullHeight();
    }

    @Override
    public void stop() {
        // the emulator gives the MIDlet's threads 5 s to end after destroyApp, which they never do (they
        // reconnect and poll until the power goes): the phone's close then ends them (Phone.powerOff), so a
        // short grace is all a closing phone needs, and a scenario's phones close in a moment instead of 5 s
        org.microemu.app.util.MIDletThread.graceTerminationPeriod = GRACE_MILLIS;
        MIDletAccess access = MIDletBridge.getMIDletAccess();
        if (access != null) {
            try {
                access.destroyApp(true);
            } catch (Exception ignored) {
                // a MIDlet that refuses to be destroyed is stopped with its loader all the same
            }
        }
    }
}
