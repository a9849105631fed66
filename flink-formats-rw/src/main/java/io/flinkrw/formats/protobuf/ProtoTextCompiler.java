package io.flinkrw.formats.protobuf;

import com.google.protobuf.DescriptorProtos.FileDescriptorProto;
import com.google.protobuf.DescriptorProtos.FileDescriptorSet;
import com.google.protobuf.InvalidProtocolBufferException;
import com.squareup.wire.schema.CoreLoader;
import com.squareup.wire.schema.ErrorCollector;
import com.squareup.wire.schema.Linker;
import com.squareup.wire.schema.Loader;
import com.squareup.wire.schema.Location;
import com.squareup.wire.schema.ProtoFile;
import com.squareup.wire.schema.Schema;
import com.squareup.wire.schema.internal.SchemaEncoder;
import com.squareup.wire.schema.internal.parser.ProtoFileElement;
import com.squareup.wire.schema.internal.parser.ProtoParser;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Compiles {@code .proto} text into a {@code FileDescriptorSet} without protoc, with Square's
 * wire-schema (parse, link, encode). The imports are fetched through an {@link ImportSource};
 * Google's well-known types come with the libraries.
 */
final class ProtoTextCompiler {

    /** Gives the text of an imported file, by its import path. */
    interface ImportSource {
        /** The text of {@code importPath}, imported by {@code importer}. */
        String fetch(String importPath, String importer);
    }

    private ProtoTextCompiler() {}

    /**
     * Compiles {@code mainText} (named {@code mainPath}) and everything it imports.
     *
     * @throws IllegalArgumentException with the compiler's messages when the text does not compile
     */
    static FileDescriptorSet compile(String mainPath, String mainText, ImportSource imports) {
        Map<String, ProtoFile> sources = new LinkedHashMap<>();
        Deque<String[]> pending = new ArrayDeque<>();
        sources.put(mainPath, parse(mainPath, mainText, pending));
        while (!pending.isEmpty()) {
            String[] next = pending.poll();
            String path = next[0];
            if (sources.containsKey(path) || isBundled(path)) {
                continue;
            }
            sources.put(path, parse(path, imports.fetch(path, next[1]), pending));
        }
        Schema schema;
        try {
            schema =
                    new Linker(new MapLoader(sources), new ErrorCollector(), false, false)
                            .link(sources.values());
        } catch (RuntimeException e) {
            throw new IllegalArgumentException(e.getMessage(), e);
        }
        SchemaEncoder encoder = new SchemaEncoder(schema);
        FileDescriptorSet.Builder set = FileDescriptorSet.newBuilder();
        for (String path : sources.keySet()) {
            ProtoFile linked = schema.protoFile(path);
            if (linked == null) {
                throw new IllegalArgumentException("'" + path + "' was not linked");
            }
            try {
                set.addFile(FileDescriptorProto.parseFrom(encoder.encode(linked).toByteArray()));
            } catch (InvalidProtocolBufferException e) {
                throw new IllegalStateException("wire-schema encoded '" + path + "' badly", e);
            }
        }
        return set.build();
    }

    private static ProtoFile parse(String path, String text, Deque<String[]> pending) {
        ProtoFileElement element;
        ProtoFile file;
        try {
            element = ProtoParser.Companion.parse(Location.get(path), text);
            file = ProtoFile.Companion.get(element);
        } catch (RuntimeException e) {
            String message = String.valueOf(e.getMessage());
            throw new IllegalArgumentException(
                    message.contains("'group' is not supported")
                            ? message
                                    + " (the .proto text parser has no groups; give a"
                                    + " FileDescriptorSet made by protoc instead)"
                            : message,
                    e);
        }
        List<String> imports = new ArrayList<>(element.getImports());
        imports.addAll(element.getPublicImports());
        imports.addAll(element.getWeakImports());
        for (String imported : imports) {
            pending.add(new String[] {imported, path});
        }
        return file;
    }

    /** Google's well-known types: never fetched, the libraries carry them. */
    static boolean isBundled(String path) {
        return path.startsWith("google/protobuf/") || path.equals("wire/extensions.proto");
    }

    /** Loads the fetched files, and the bundled ones from the libraries. */
    private static final class MapLoader implements Loader {
        private final Map<String, ProtoFile> sources;

        MapLoader(Map<String, ProtoFile> sources) {
            this.sources = sources;
        }

        @Override
        public ProtoFile load(String path) {
            ProtoFile source = sources.get(path);
            if (source != null) {
                return source;
            }
            if (com.squareup.wire.schema.CoreLoaderKt.isWireRuntimeProto(path)) {
                return CoreLoader.INSTANCE.load(path);
            }
            if (path.startsWith("google/protobuf/")) {
                try (InputStream in =
                        com.google.protobuf.Any.class.getClassLoader().getResourceAsStream(path)) {
                    if (in != null) {
                        String text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
                        return ProtoFile.Companion.get(
                                ProtoParser.Companion.parse(Location.get(path), text));
                    }
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }
            throw new IllegalArgumentException("unknown import '" + path + "'");
        }

        @Override
        public Loader withErrors(ErrorCollector errors) {
            return this;
        }
    }
}
