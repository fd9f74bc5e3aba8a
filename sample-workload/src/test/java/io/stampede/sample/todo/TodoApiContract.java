package io.stampede.sample.todo;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import com.jayway.jsonpath.JsonPath;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;

/**
 * The todo API and probes over real HTTP; run against each database by the subclasses.
 */
abstract class TodoApiContract {

    @Autowired
    WebTestClient http;

    long create(String description, boolean completed) {
        byte[] body = http.post().uri("/todo").contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("Description", description, "Completed", completed))
                .exchange()
                .expectStatus().isCreated()
                .expectBody().returnResult().getResponseBodyContent();
        Number id = JsonPath.read(new String(body, StandardCharsets.UTF_8), "$.Id");
        return id.longValue();
    }

    @Test
    void createAnswers201WithTheItemAndItsId() {
        http.post().uri("/todo").contentType(MediaType.APPLICATION_JSON)
                .bodyValue("{\"Description\": \"buy milk\", \"Completed\": false}")
                .exchange()
                .expectStatus().isCreated()
                .expectBody()
                .jsonPath("$.Id").isNumber()
                .jsonPath("$.Description").isEqualTo("buy milk")
                .jsonPath("$.Completed").isEqualTo(false);
    }

    @Test
    void getReturnsTheStoredItem() {
        long id = create("read me", true);
        http.get().uri("/todo/{id}", id).exchange()
                .expectStatus().isOk()
                .expectBody()
                .jsonPath("$.Id").isEqualTo(id)
                .jsonPath("$.Description").isEqualTo("read me")
                .jsonPath("$.Completed").isEqualTo(true);
    }

    @Test
    void listHoldsCreatedItemsInIdOrder() {
        long first = create("first", false);
        long second = create("second", false);
        String body = new String(http.get().uri("/todos").exchange()
                .expectStatus().isOk()
                .expectBody().returnResult().getResponseBodyContent(), StandardCharsets.UTF_8);
        List<Number> ids = JsonPath.read(body, "$[*].Id");
        assertThat(ids.stream().map(Number::longValue).toList()).contains(first, second).isSorted();
    }

    @Test
    void putReplacesDescriptionAndCompleted() {
        long id = create("draft", false);
        http.put().uri("/todo/{id}", id).contentType(MediaType.APPLICATION_JSON)
                .bodyValue("{\"Description\": \"done\", \"Completed\": true}")
                .exchange()
                .expectStatus().isOk()
                .expectBody()
                .jsonPath("$.Id").isEqualTo(id)
                .jsonPath("$.Description").isEqualTo("done")
                .jsonPath("$.Completed").isEqualTo(true);
        http.get().uri("/todo/{id}", id).exchange()
                .expectBody()
                .jsonPath("$.Description").isEqualTo("done")
                .jsonPath("$.Completed").isEqualTo(true);
    }

    @Test
    void deleteRemovesTheItem() {
        long id = create("short-lived", false);
        http.delete().uri("/todo/{id}", id).exchange().expectStatus().isNoContent();
        http.get().uri("/todo/{id}", id).exchange().expectStatus().isNotFound();
        http.delete().uri("/todo/{id}", id).exchange().expectStatus().isNotFound();
    }

    @Test
    void unknownIdsAnswer404() {
        long unknown = 987_654_321L;
        http.get().uri("/todo/{id}", unknown).exchange()
                .expectStatus().isNotFound()
                .expectBody().jsonPath("$.detail").isEqualTo("todo " + unknown + " not found");
        http.put().uri("/todo/{id}", unknown).contentType(MediaType.APPLICATION_JSON)
                .bodyValue("{\"Description\": \"x\", \"Completed\": true}")
                .exchange().expectStatus().isNotFound();
        http.delete().uri("/todo/{id}", unknown).exchange().expectStatus().isNotFound();
    }

    @Test
    void malformedJsonAnswers400WithLineAndColumn() {
        http.post().uri("/todo").contentType(MediaType.APPLICATION_JSON)
                .bodyValue("{\"Description\": \"x\",\n  \"Completed\": tru }")
                .exchange()
                .expectStatus().isBadRequest()
                .expectBody().jsonPath("$.detail").value(String.class,
                        detail -> assertThat(detail).startsWith("body: ").contains("line 2"));
        long id = create("kept", false);
        http.put().uri("/todo/{id}", id).contentType(MediaType.APPLICATION_JSON)
                .bodyValue("{\"Description\": ")
                .exchange()
                .expectStatus().isBadRequest();
        http.get().uri("/todo/{id}", id).exchange()
                .expectBody().jsonPath("$.Description").isEqualTo("kept");
    }

    @Test
    void missingDescriptionAnswers400NamingTheField() {
        http.post().uri("/todo").contentType(MediaType.APPLICATION_JSON)
                .bodyValue("{\"Completed\": true}")
                .exchange()
                .expectStatus().isBadRequest()
                .expectBody().jsonPath("$.detail").isEqualTo("Description: must be present");
    }

    @Test
    void wrongTypeOfFieldAnswers400NamingTheField() {
        http.post().uri("/todo").contentType(MediaType.APPLICATION_JSON)
                .bodyValue("{\"Description\": \"x\", \"Completed\": \"perhaps\"}")
                .exchange()
                .expectStatus().isBadRequest()
                .expectBody().jsonPath("$.detail").value(String.class,
                        detail -> assertThat(detail).contains("Completed"));
    }

    @Test
    void nonNumericIdAnswers400() {
        http.get().uri("/todo/abc").exchange()
                .expectStatus().isBadRequest()
                .expectBody().jsonPath("$.detail").isEqualTo("id: 'abc' is not a valid long");
    }

    @Test
    void probesAnswer204OnceTheDatabaseIsReachable() {
        http.get().uri("/live").exchange().expectStatus().isEqualTo(HttpStatus.NO_CONTENT);
        http.get().uri("/ready").exchange().expectStatus().isEqualTo(HttpStatus.NO_CONTENT);
    }
}
