package gr.syndesmos.hub.configfiles;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.Reader;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.nodes.Tag;

/**
 * A YAML document read as plain maps, lists and scalars, remembering the line of every key, so that a problem found
 * after parsing (an unknown connector parameter, say) can still be reported as "file, line N". Jackson keeps no
 * locations once a tree is built; SnakeYAML's node graph does, so the document is composed with it.
 */
public final class LocatedYaml {

    private static final ObjectMapper MAPPER = JsonMapper.builder()
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .build();

    private final Object root;
    private final Map<String, Integer> lines = new HashMap<>();

    private LocatedYaml(Node node) {
        this.root = node == null ? null : convert(node, "");
    }

    /** Composes the document; a YAML syntax error carries its own line in the message. */
    public static LocatedYaml read(Reader reader) {
        LoaderOptions options = new LoaderOptions();
        options.setAllowDuplicateKeys(false);
        // Plain data only: no aliases bombs, no custom tags.
        options.setMaxAliasesForCollections(10);
        Yaml yaml = new Yaml(new SafeConstructor(options), new org.yaml.snakeyaml.representer.Representer(
                new org.yaml.snakeyaml.DumperOptions()), new org.yaml.snakeyaml.DumperOptions(), options);
        return new LocatedYaml(yaml.compose(reader));
    }

    public Object root() {
        return root;
    }

    /**
     * The 1-based line of a path such as {@code flows.council-decisions.source.parameters.include}; when that exact
     * path has no line (a missing key), the line of its nearest parent, else 1.
     */
    public int line(String path) {
        String p = path;
        while (true) {
            Integer line = lines.get(p);
            if (line != null) {
                return line;
            }
            int dot = p.lastIndexOf('.');
            if (dot < 0) {
                return p.isEmpty() ? 1 : lines.getOrDefault(p, 1);
            }
            p = p.substring(0, dot);
        }
    }

    /**
     * The document bound to a record type, unknown keys refused. On a problem, adds {@code <source>:<line>: <what>}
     * (an unknown key, a wrong kind of value) to the problems and answers null.
     */
    public <T> T bind(Class<T> type, String source, List<String> problems) {
        try {
            return MAPPER.convertValue(root, type);
        } catch (IllegalArgumentException e) {
            String path = e.getCause() instanceof JsonMappingException mapping ? dotted(mapping.getPath()) : "";
            String what = e.getCause() instanceof UnrecognizedPropertyException u
                    ? "unknown key '" + u.getPropertyName() + "'" + (u.getKnownPropertyIds() == null ? ""
                            : " (known here: " + u.getKnownPropertyIds().stream().map(String::valueOf).sorted()
                                    .toList() + ")")
                    : "wrong kind of value" + (path.isEmpty() ? "" : " at " + path);
            problems.add(source + ":" + line(path) + ": " + what);
            return null;
        }
    }

    private static String dotted(List<JsonMappingException.Reference> path) {
        StringBuilder out = new StringBuilder();
        for (JsonMappingException.Reference ref : path) {
            if (ref.getFieldName() != null) {
                out.append(out.length() == 0 ? "" : ".").append(ref.getFieldName());
            } else if (ref.getIndex() >= 0) {
                out.append('[').append(ref.getIndex()).append(']');
            }
        }
        return out.toString();
    }

    private Object convert(Node node, String path) {
        if (!path.isEmpty()) {
            lines.putIfAbsent(path, node.getStartMark().getLine() + 1);
        }
        if (node instanceof MappingNode mapping) {
            Map<String, Object> map = new LinkedHashMap<>();
            for (NodeTuple tuple : mapping.getValue()) {
                String key = ((ScalarNode) tuple.getKeyNode()).getValue();
                String child = path.isEmpty() ? key : path + "." + key;
                lines.put(child, tuple.getKeyNode().getStartMark().getLine() + 1);
                map.put(key, convert(tuple.getValueNode(), child));
            }
            return map;
        }
        if (node instanceof SequenceNode sequence) {
            List<Object> list = new ArrayList<>();
            int i = 0;
            for (Node item : sequence.getValue()) {
                list.add(convert(item, path + "[" + i++ + "]"));
            }
            return list;
        }
        ScalarNode scalar = (ScalarNode) node;
        Tag tag = scalar.getTag();
        String value = scalar.getValue();
        // Quoted scalars are strings whatever they look like: "0931" stays a string with its leading zero.
        if (scalar.isPlain()) {
            if (Tag.NULL.equals(tag)) {
                return null;
            }
            if (Tag.BOOL.equals(tag)) {
                return Boolean.valueOf(value.equalsIgnoreCase("true") || value.equalsIgnoreCase("yes")
                        || value.equalsIgnoreCase("on"));
            }
            if (Tag.INT.equals(tag)) {
                try {
                    return Long.valueOf(value.replace("_", ""));
                } catch (NumberFormatException e) {
                    return value;
                }
            }
            if (Tag.FLOAT.equals(tag)) {
                try {
                    return Double.valueOf(value);
                } catch (NumberFormatException e) {
                    return value;
                }
            }
        }
        return value;
    }
}
