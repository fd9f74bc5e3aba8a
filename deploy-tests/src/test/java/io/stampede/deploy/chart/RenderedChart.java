package io.stampede.deploy.chart;

import io.fabric8.kubernetes.api.model.HasMetadata;

import java.util.List;
import java.util.Optional;

/** The typed objects one `helm template` produced, looked up by type and name. */
public record RenderedChart(List<HasMetadata> objects) {

    public <T extends HasMetadata> T get(Class<T> type, String name) {
        return find(type, name).orElseThrow(() -> new AssertionError(
            "no " + type.getSimpleName() + " named " + name + " in " + summary()));
    }

    public <T extends HasMetadata> Optional<T> find(Class<T> type, String name) {
        return all(type).stream().filter(o -> name.equals(o.getMetadata().getName())).findFirst();
    }

    public <T extends HasMetadata> List<T> all(Class<T> type) {
        return objects.stream().filter(type::isInstance).map(type::cast).toList();
    }

    public List<String> kinds() {
        return objects.stream().map(HasMetadata::getKind).toList();
    }

    public String summary() {
        return objects.stream().map(o -> o.getKind() + "/" + o.getMetadata().getName()).toList().toString();
    }
}
