package dev.revenant.core.config;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.ser.std.ToStringSerializer;
import com.fasterxml.jackson.databind.ser.std.StdSerializer;
import java.io.IOException;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.function.Function;

/**
 * Jackson support for the value types operators write as text: durations ({@code 30s}), sizes
 * ({@code 64KiB}) and paths. Bad text becomes an {@code InvalidFormatException} whose target type lets the
 * loader say what was expected.
 */
public final class ConfigModule extends SimpleModule {
    public ConfigModule() {
        super("revenant-config");
        addDeserializer(Duration.class, new TextDeserializer<>(Duration.class, HumanDuration::parse, HumanDuration.EXPECTED));
        addSerializer(Duration.class, new StdSerializer<>(Duration.class) {
            @Override
            public void serialize(Duration value, JsonGenerator gen, SerializerProvider provider) throws IOException {
                gen.writeString(HumanDuration.format(value));
            }
        });
        addDeserializer(DataSize.class, new TextDeserializer<>(DataSize.class, DataSize::parse, DataSize.EXPECTED));
        addSerializer(DataSize.class, ToStringSerializer.instance);
        addDeserializer(Path.class, new TextDeserializer<>(Path.class, ConfigModule::path, "a file or directory path"));
        // Jackson's own Path serializer writes a file: URI; operators wrote a plain path
        addSerializer(Path.class, ToStringSerializer.instance);
    }

    private static Optional<Path> path(String text) {
        try {
            return Optional.of(Path.of(text));
        } catch (InvalidPathException bad) {
            return Optional.empty();
        }
    }

    /** Reads a value from its text (numbers too, as YAML may hand {@code 65536} over as a number). */
    private static final class TextDeserializer<T> extends JsonDeserializer<T> {
        private final Class<T> type;
        private final Function<String, Optional<T>> parser;
        private final String expected;

        TextDeserializer(Class<T> type, Function<String, Optional<T>> parser, String expected) {
            this.type = type;
            this.parser = parser;
            this.expected = expected;
        }

        @Override
        public T deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
            JsonToken token = p.currentToken();
            if (token != JsonToken.VALUE_STRING && !token.isNumeric()) {
                return type.cast(ctxt.handleUnexpectedToken(type, p));
            }
            String text = p.getText();
            Optional<T> value = parser.apply(text);
            if (value.isEmpty()) {
                throw ctxt.weirdStringException(text, type, "expected " + expected);
            }
            return value.get();
        }
    }
}
