package io.flinkrw.formats.protobuf;

import com.google.protobuf.AnyProto;
import com.google.protobuf.ApiProto;
import com.google.protobuf.DescriptorProtos;
import com.google.protobuf.DescriptorProtos.FileDescriptorProto;
import com.google.protobuf.DescriptorProtos.FileDescriptorSet;
import com.google.protobuf.Descriptors;
import com.google.protobuf.Descriptors.Descriptor;
import com.google.protobuf.Descriptors.FileDescriptor;
import com.google.protobuf.DurationProto;
import com.google.protobuf.EmptyProto;
import com.google.protobuf.FieldMaskProto;
import com.google.protobuf.SourceContextProto;
import com.google.protobuf.StructProto;
import com.google.protobuf.TimestampProto;
import com.google.protobuf.TypeProto;
import com.google.protobuf.WrappersProto;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Builds protobuf-java descriptors from a {@code FileDescriptorSet}. Imports of Google's well-known
 * types that the set lacks (compiled without {@code --include_imports}) are taken from
 * protobuf-java itself; any other missing import is an error that names it.
 */
final class ProtoDescriptors {

    private static final Map<String, FileDescriptor> WELL_KNOWN = wellKnown();

    private ProtoDescriptors() {}

    private static Map<String, FileDescriptor> wellKnown() {
        Map<String, FileDescriptor> files = new HashMap<>();
        for (FileDescriptor file :
                List.of(
                        AnyProto.getDescriptor(),
                        ApiProto.getDescriptor(),
                        DescriptorProtos.getDescriptor(),
                        DurationProto.getDescriptor(),
                        EmptyProto.getDescriptor(),
                        FieldMaskProto.getDescriptor(),
                        SourceContextProto.getDescriptor(),
                        StructProto.getDescriptor(),
                        TimestampProto.getDescriptor(),
                        TypeProto.getDescriptor(),
                        WrappersProto.getDescriptor())) {
            files.put(file.getName(), file);
        }
        return files;
    }

    /** Whether protobuf-java has {@code path} built in. */
    static boolean isWellKnown(String path) {
        return WELL_KNOWN.containsKey(path);
    }

    /** The files of {@code set}, built in dependency order, by file name. */
    static Map<String, FileDescriptor> build(FileDescriptorSet set)
            throws Descriptors.DescriptorValidationException {
        Map<String, FileDescriptorProto> protos = new LinkedHashMap<>();
        for (FileDescriptorProto proto : set.getFileList()) {
            protos.put(proto.getName(), proto);
        }
        Map<String, FileDescriptor> built = new LinkedHashMap<>();
        for (String name : protos.keySet()) {
            build(name, protos, built, new HashSet<>());
        }
        return built;
    }

    private static FileDescriptor build(
            String name,
            Map<String, FileDescriptorProto> protos,
            Map<String, FileDescriptor> built,
            Set<String> inProgress)
            throws Descriptors.DescriptorValidationException {
        FileDescriptor done = built.get(name);
        if (done != null) {
            return done;
        }
        FileDescriptorProto proto = protos.get(name);
        if (proto == null) {
            FileDescriptor wellKnown = WELL_KNOWN.get(name);
            if (wellKnown != null) {
                return wellKnown;
            }
            throw new IllegalArgumentException(
                    "import '"
                            + name
                            + "' is not in the descriptor set (compile it with protoc"
                            + " --include_imports)");
        }
        if (!inProgress.add(name)) {
            throw new IllegalArgumentException("import cycle through '" + name + "'");
        }
        List<FileDescriptor> dependencies = new ArrayList<>();
        for (String dependency : proto.getDependencyList()) {
            dependencies.add(build(dependency, protos, built, inProgress));
        }
        FileDescriptor file =
                FileDescriptor.buildFrom(proto, dependencies.toArray(new FileDescriptor[0]));
        built.put(name, file);
        return file;
    }

    /**
     * The message {@code name}: a full name (a leading dot is ignored), or a simple name that only
     * one message in the files has.
     */
    static Descriptor findMessage(Map<String, FileDescriptor> files, String name) {
        String wanted = name.startsWith(".") ? name.substring(1) : name;
        List<Descriptor> all = new ArrayList<>();
        for (FileDescriptor file : files.values()) {
            for (Descriptor message : file.getMessageTypes()) {
                collect(message, all);
            }
        }
        for (Descriptor message : all) {
            if (message.getFullName().equals(wanted)) {
                return message;
            }
        }
        List<Descriptor> bySimpleName =
                all.stream().filter(m -> m.getName().equals(wanted)).collect(Collectors.toList());
        if (bySimpleName.size() == 1) {
            return bySimpleName.get(0);
        }
        if (bySimpleName.size() > 1) {
            throw new IllegalArgumentException(
                    String.format(
                            "message '%s' is ambiguous: %s; give the full name",
                            name,
                            bySimpleName.stream()
                                    .map(Descriptor::getFullName)
                                    .collect(Collectors.joining(", "))));
        }
        throw new IllegalArgumentException(
                String.format(
                        "message '%s' not found; the top-level messages are %s",
                        name,
                        files.values().stream()
                                .flatMap(f -> f.getMessageTypes().stream())
                                .map(Descriptor::getFullName)
                                .sorted()
                                .collect(Collectors.joining(", ", "[", "]"))));
    }

    private static void collect(Descriptor message, List<Descriptor> into) {
        if (message.getOptions().getMapEntry()) {
            return;
        }
        into.add(message);
        for (Descriptor nested : message.getNestedTypes()) {
            collect(nested, into);
        }
    }
}
