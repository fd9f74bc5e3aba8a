package io.stampede.coordinator.experiment.results;

/** The rules every store applies to a results path, so an S3 key can't climb out of its prefix either. */
final class ResultsPaths {

    private ResultsPaths() {
    }

    static String requireRelative(String path) {
        if (path == null || path.isEmpty() || path.startsWith("/") || path.endsWith("/")) {
            throw new IllegalArgumentException("results path must be relative and name a file: " + path);
        }
        for (String segment : path.split("/", -1)) {
            if (segment.isEmpty() || segment.equals(".") || segment.equals("..")) {
                throw new IllegalArgumentException("results path with an empty, '.' or '..' segment: " + path);
            }
        }
        return path;
    }
}
