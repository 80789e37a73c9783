package org.vigne.apps.spec;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The components of an application, as the user wrote them: a count of copies of one template
 * (kept as written, so a thousand workers travel in a log command as one template), or a list.
 * Components are numbered from 0; {@link #get} gives each its effective spec and name.
 */
public sealed interface Components permits Components.Replicated, Components.Listed {
    /** Most components one application may have. */
    int MAX_COMPONENTS = 10_000;

    /** How many components there are. */
    int count();

    /** The spec of component {@code index} (0-based), named: its own name, else the default. */
    ComponentSpec get(int index);

    /** Every component's effective spec, in index order. */
    default List<ComponentSpec> all() {
        List<ComponentSpec> out = new ArrayList<>(count());
        for (int i = 0; i < count(); i++) {
            out.add(get(i));
        }
        return out;
    }

    /**
     * {@code count} copies of {@code template}. Component {@code i} is named {@code NAME-i} when the
     * template has a name, {@code c-i} otherwise.
     */
    record Replicated(int count, ComponentSpec template) implements Components {
        public Replicated {
            if (count < 1 || count > MAX_COMPONENTS) {
                throw new SpecException("count", "must be between 1 and " + MAX_COMPONENTS + ", got " + count);
            }
            if (template == null) {
                throw new SpecException("template", "is required with count");
            }
        }

        @Override
        public ComponentSpec get(int index) {
            checkIndex(index, count);
            String base = template.name().isEmpty() ? "c" : template.name();
            return template.withName(base + "-" + index);
        }
    }

    /** Components listed one by one; names, when given, are unique. Unnamed component {@code i} is {@code c-i}. */
    record Listed(List<ComponentSpec> list) implements Components {
        public Listed {
            if (list == null || list.isEmpty()) {
                throw new SpecException("", "must list at least one component");
            }
            list = List.copyOf(list);
            if (list.size() > MAX_COMPONENTS) {
                throw new SpecException("", "must have at most " + MAX_COMPONENTS + " components, got " + list.size());
            }
            Set<String> names = new HashSet<>();
            for (int i = 0; i < list.size(); i++) {
                String n = effectiveName(list.get(i), i);
                if (!names.add(n)) {
                    throw new SpecException("[" + i + "].name", "another component is already named \"" + n + "\"");
                }
            }
        }

        @Override
        public int count() {
            return list.size();
        }

        @Override
        public ComponentSpec get(int index) {
            checkIndex(index, list.size());
            ComponentSpec c = list.get(index);
            return c.name().isEmpty() ? c.withName(effectiveName(c, index)) : c;
        }

        private static String effectiveName(ComponentSpec c, int index) {
            return c.name().isEmpty() ? "c-" + index : c.name();
        }
    }

    private static void checkIndex(int index, int count) {
        if (index < 0 || index >= count) {
            throw new IndexOutOfBoundsException("component " + index + " of " + count);
        }
    }
}
