package dev.revenant.core.config;

import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.exc.ValueInstantiationException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.Collection;
import java.util.stream.Collectors;

/** Turns Jackson's binding exceptions into messages an operator can act on: the option, its layer, what was expected. */
final class BindingErrors {
    private BindingErrors() {}

    static ConfigException explain(JsonMappingException e, ConfigTree tree) {
        String path = dottedPath(e);
        String origin = tree.originOf(path);
        if (e instanceof UnrecognizedPropertyException) {
            return new ConfigException("unknown option '" + path + "' " + origin, e);
        }
        if (e instanceof ValueInstantiationException && e.getCause() instanceof IllegalArgumentException) {
            return rejectedByRecord(path, e.getCause().getMessage(), tree, e);
        }
        if (e instanceof InvalidFormatException bad) {
            return new ConfigException("invalid value for " + path + ": '" + bad.getValue() + "' (expected "
                    + expected(bad.getTargetType()) + ") " + origin, e);
        }
        if (e instanceof MismatchedInputException mismatch && mismatch.getTargetType() != null) {
            return new ConfigException("invalid value for " + path + " (expected "
                    + expected(mismatch.getTargetType()) + ") " + origin, e);
        }
        return new ConfigException("invalid value for " + (path.isEmpty() ? "the configuration" : path) + " "
                + origin + ": " + e.getOriginalMessage(), e);
    }

    /**
     * A record's constructor refused its values. By convention the message starts with the component's
     * name ("port must be 0..65535"), so the option can be named in full and traced to its layer.
     */
    private static ConfigException rejectedByRecord(String section, String message, ConfigTree tree, Throwable e) {
        String first = message == null ? "" : message.split("[\\s:]", 2)[0];
        String option = ConfigTree.join(section, first);
        if (!first.isEmpty() && tree.leaves().containsKey(option)) {
            return new ConfigException(ConfigTree.join(section, message) + " (" + tree.originOf(option) + ")", e);
        }
        String where = section.isEmpty() ? "the configuration" : "section '" + section + "'";
        return new ConfigException("invalid " + where + ": " + message, e);
    }

    private static String dottedPath(JsonMappingException e) {
        StringBuilder sb = new StringBuilder();
        for (JsonMappingException.Reference ref : e.getPath()) {
            // list elements are named by their list: the layer that set the list set every element
            if (ref.getFieldName() != null) {
                sb.append(sb.length() == 0 ? "" : ".").append(ref.getFieldName());
            }
        }
        return sb.toString();
    }

    static String expected(Class<?> type) {
        if (type == int.class || type == Integer.class || type == long.class || type == Long.class
                || type == short.class || type == Short.class || type == byte.class || type == Byte.class
                || type == double.class || type == Double.class || type == float.class || type == Float.class) {
            return "a number";
        }
        if (type == boolean.class || type == Boolean.class) {
            return "true or false";
        }
        if (type == Duration.class) {
            return HumanDuration.EXPECTED;
        }
        if (type == DataSize.class) {
            return DataSize.EXPECTED;
        }
        if (type == String.class || type == Path.class) {
            return "text";
        }
        if (type.isEnum()) {
            return "one of " + Arrays.stream(type.getEnumConstants()).map(Object::toString)
                    .collect(Collectors.joining(", "));
        }
        if (Collection.class.isAssignableFrom(type) || type.isArray()) {
            return "a list";
        }
        if (type.isRecord()) {
            return "a section of options";
        }
        return type.getSimpleName();
    }
}
