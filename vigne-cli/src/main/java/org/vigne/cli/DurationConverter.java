package org.vigne.cli;

import org.vigne.sim.Durations;
import picocli.CommandLine;

/** Reads {@code 90s}, {@code 30m}, {@code 2h}, {@code 500ms} into milliseconds. */
final class DurationConverter implements CommandLine.ITypeConverter<Long> {
    @Override
    public Long convert(String value) {
        try {
            return Durations.parseMs(value);
        } catch (IllegalArgumentException e) {
            throw new CommandLine.TypeConversionException(e.getMessage());
        }
    }
}
