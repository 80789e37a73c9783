package org.vigne.apps.spec;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.Supplier;

/**
 * Reads an application spec from YAML or JSON, strictly: an unknown field, a duplicated key, a
 * value of the wrong type or an invalid value is refused with one {@link SpecException} line
 * that names the field ({@code components[2].command: must not be empty}). The format is
 * documented in the README, with the examples in {@code examples/}.
 *
 * <p>Jackson parses the text into a tree; this class walks the tree, so each problem is reported
 * at its own path rather than as a data-binding stack trace. Thread-safe.
 */
public final class SpecReader {
    private static final Set<String> APP_FIELDS = SpecTree.names("name", "components", "policy", "dataProtocol");
    private static final Set<String> REPLICATED_FIELDS = SpecTree.names("count", "template");
    private static final Set<String> COMPONENT_FIELDS = SpecTree.names("name", "command", "env", "inputs", "outputs",
            "slots");
    private static final Set<String> INPUT_FIELDS = SpecTree.names("from", "as");
    private static final Set<String> POLICY_TYPES = SpecTree.names("none", "restart", "checkpoint-restart", "custom");
    private static final Set<String> RESTART_FIELDS = SpecTree.names("type", "scope", "maxRestarts", "backoff",
            "maxBackoff");
    private static final Set<String> CHECKPOINT_FIELDS = SpecTree.names("type", "checkpointExitCode", "scope",
            "maxRestarts", "backoff", "maxBackoff");
    private static final Set<String> CUSTOM_FIELDS = SpecTree.names("type", "class", "parameters");
    private static final Set<String> SCOPES = SpecTree.names("component", "application");
    private static final Set<String> PROTOCOLS = SpecTree.names("stat", "dyn");

    private static final ObjectMapper YAML = YAMLMapper.builder().enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
            .build();
    private static final ObjectMapper JSON = JsonMapper.builder().enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
            .build();

    private SpecReader() {
    }

    /** The spec in YAML {@code text} (JSON is YAML too, so this reads both). */
    public static ApplicationSpec fromYaml(String text) {
        return read(YAML, text);
    }

    /** The spec in JSON {@code text}. */
    public static ApplicationSpec fromJson(String text) {
        return read(JSON, text);
    }

    /** The spec in {@code text}, as JSON when {@code fileName} ends in {@code .json}, else as YAML. */
    public static ApplicationSpec read(String fileName, String text) {
        return fileName.toLowerCase(Locale.ROOT).endsWith(".json") ? fromJson(text) : fromYaml(text);
    }

    private static ApplicationSpec read(ObjectMapper mapper, String text) {
        JsonNode root;
        try {
            root = mapper.readTree(text);
        } catch (JsonProcessingException e) {
            throw new SpecException("", syntaxError(e));
        }
        SpecTree t = new SpecTree(root, "");
        if (t.isMissing()) {
            throw new SpecException("", "the spec is empty");
        }
        if (!t.isObject()) {
            throw new SpecException("", "a spec is a mapping with name, components and policy");
        }
        return application(t.object(APP_FIELDS, "name", "components"));
    }

    private static String syntaxError(JsonProcessingException e) {
        String msg = e.getOriginalMessage() == null ? "unreadable" : e.getOriginalMessage();
        int nl = msg.indexOf('\n');
        msg = (nl >= 0 ? msg.substring(0, nl) : msg).trim();
        JsonLocation loc = e.getLocation();
        String where = loc == null || loc.getLineNr() < 1 ? "" : "line " + loc.getLineNr() + ", column " + loc.getColumnNr() + ": ";
        return "not valid YAML or JSON: " + where + msg;
    }

    private static ApplicationSpec application(SpecTree t) {
        String name = t.field("name").text();
        Components components = components(t.field("components"));
        FaultPolicy policy = policy(t.field("policy"));
        DataProtocol protocol = DataProtocol.valueOf(t.field("dataProtocol").choice(PROTOCOLS, "dyn")
                .toUpperCase(Locale.ROOT));
        return build(t, () -> new ApplicationSpec(name, components, policy, protocol));
    }

    private static Components components(SpecTree t) {
        if (t.isArray()) {
            List<ComponentSpec> list = new ArrayList<>();
            for (SpecTree e : t.elements()) {
                list.add(component(e));
            }
            return build(t, () -> new Components.Listed(list));
        }
        if (!t.isObject()) {
            throw t.problem("must be a list of components, or a mapping with count and template");
        }
        t.object(REPLICATED_FIELDS, "count", "template");
        int count = t.field("count").integer(0);
        ComponentSpec template = component(t.field("template"));
        return build(t, () -> new Components.Replicated(count, template));
    }

    private static ComponentSpec component(SpecTree t) {
        t.object(COMPONENT_FIELDS, "command");
        SpecTree command = t.field("command");
        if (!command.isArray()) {
            throw command.problem("must be a list: the program and its arguments, e.g. [sh, -c, 'echo hi']");
        }
        List<InputFile> inputs = new ArrayList<>();
        for (SpecTree e : t.field("inputs").isMissing() ? List.<SpecTree>of() : t.field("inputs").elements()) {
            inputs.add(input(e));
        }
        String name = t.field("name").text("");
        List<String> argv = command.scalarList();
        var env = t.field("env").scalarMap();
        List<String> outputs = new ArrayList<>();
        for (SpecTree e : t.field("outputs").isMissing() ? List.<SpecTree>of() : t.field("outputs").elements()) {
            outputs.add(e.text());
        }
        int slots = t.field("slots").integer(1);
        return build(t, () -> new ComponentSpec(name, argv, env, inputs, outputs, slots));
    }

    private static InputFile input(SpecTree t) {
        if (t.isText()) {
            return build(t, () -> InputFile.of(t.text()));
        }
        t.object(INPUT_FIELDS, "from");
        String from = t.field("from").text();
        if (t.field("as").isMissing()) {
            return build(t, () -> InputFile.of(from));
        }
        String as = t.field("as").text();
        return build(t, () -> new InputFile(from, as));
    }

    private static FaultPolicy policy(SpecTree t) {
        if (t.isMissing()) {
            return FaultPolicy.none();
        }
        String type;
        if (t.isText()) {
            type = t.choice(POLICY_TYPES, null);
            if (type.equals("custom")) {
                throw t.problem("a custom policy needs its class: {type: custom, class: com.example.MyPolicy}");
            }
        } else if (t.isObject()) {
            if (t.field("type").isMissing()) {
                throw t.field("type").problem("is required (one of " + String.join(", ", POLICY_TYPES) + ")");
            }
            type = t.field("type").choice(POLICY_TYPES, null);
            t.object(fieldsOf(type));
        } else {
            throw t.problem("must be one of " + String.join(", ", POLICY_TYPES) + ", or a mapping with a type");
        }
        switch (type) {
            case "none":
                return FaultPolicy.none();
            case "restart": {
                FaultPolicy.Scope scope = scope(t);
                RestartLimits limits = limits(t);
                return build(t, () -> new FaultPolicy.Restart(scope, limits));
            }
            case "checkpoint-restart": {
                int code = field(t, "checkpointExitCode").integer(FaultPolicy.CheckpointRestart.DEFAULT_CHECKPOINT_EXIT_CODE);
                FaultPolicy.Scope scope = scope(t);
                RestartLimits limits = limits(t);
                return build(t, () -> new FaultPolicy.CheckpointRestart(code, scope, limits));
            }
            default: {
                t.object(CUSTOM_FIELDS, "class");
                String className = t.field("class").text();
                var parameters = t.field("parameters").scalarMap();
                return build(t, () -> new FaultPolicy.Custom(className, parameters));
            }
        }
    }

    private static Set<String> fieldsOf(String type) {
        return switch (type) {
            case "restart" -> RESTART_FIELDS;
            case "checkpoint-restart" -> CHECKPOINT_FIELDS;
            case "custom" -> CUSTOM_FIELDS;
            default -> Set.of("type");
        };
    }

    /** A field of a policy written as a mapping; missing when the policy is written as a bare type. */
    private static SpecTree field(SpecTree policy, String name) {
        return policy.isObject() ? policy.field(name) : new SpecTree(null, name);
    }

    private static FaultPolicy.Scope scope(SpecTree t) {
        return FaultPolicy.Scope.valueOf(field(t, "scope").choice(SCOPES, "component").toUpperCase(Locale.ROOT));
    }

    private static RestartLimits limits(SpecTree t) {
        int max = field(t, "maxRestarts").integer(RestartLimits.DEFAULT_MAX_RESTARTS);
        long backoff = field(t, "backoff").durationMs(RestartLimits.DEFAULT_BACKOFF_MS);
        long maxBackoff = field(t, "maxBackoff").durationMs(Math.max(backoff, RestartLimits.DEFAULT_MAX_BACKOFF_MS));
        return build(t, () -> new RestartLimits(max, backoff, maxBackoff));
    }

    /** Runs a validating constructor; its problem is reported under {@code t}'s path. */
    private static <T> T build(SpecTree t, Supplier<T> constructor) {
        try {
            return constructor.get();
        } catch (SpecException e) {
            throw e.under(t.path());
        }
    }
}
