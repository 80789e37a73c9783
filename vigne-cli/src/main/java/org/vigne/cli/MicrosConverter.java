package org.vigne.cli;

import org.vigne.sim.Durations;
import picocli.CommandLine;

/** Reads a duration into microseconds: {@code 200us}, or anything {@link DurationConverter} reads ({@code 20ms}, {@code 1s}). */
final class MicrosConverter implements CommandLine.ITypeConverter<Long> {
    @Override
    public Long convert(String value) {
        try {
            if (value.endsWith("us")) {
                return Long.parseLong(value.substring(0, value.length() - 2));
            }
            return Math.multiplyExact(Durations.parseMs(value), 1000L);
        } catch (IllegalArgumentException | ArithmeticException e) {
            throw new CommandLine.TypeConversionException("not a duration: \"" + value + "\" (say 20ms, 500us)");
        }
    }
}
