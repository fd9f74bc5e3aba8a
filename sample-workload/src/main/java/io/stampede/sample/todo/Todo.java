package io.stampede.sample.todo;

import com.fasterxml.jackson.annotation.JsonProperty;
import org.springframework.data.annotation.Id;
import org.springframework.data.relational.core.mapping.Table;

/**
 * A todo item; the JSON names ({@code Id}, {@code Description}, {@code Completed}) are the
 * ones the seed scenarios send and extract.
 */
@Table // derived name: the dialect quotes and cases it (H2 upper, PostgreSQL lower)
public record Todo(
        @Id @JsonProperty("Id") Long id,
        @JsonProperty("Description") String description,
        @JsonProperty("Completed") boolean completed) {

    Todo withId(Long newId) {
        return new Todo(newId, description, completed);
    }
}
