package io.stampede.sample.todo;

import org.springframework.data.domain.Sort;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ResponseStatusException;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/** The todo CRUD API that the seed scenarios drive. */
@RestController
class TodoController {

    private final TodoRepository todos;

    TodoController(TodoRepository todos) {
        this.todos = todos;
    }

    @PostMapping("/todo")
    Mono<ResponseEntity<Todo>> create(@RequestBody Todo body) {
        return todos.save(valid(body).withId(null))
                .map(saved -> ResponseEntity.status(HttpStatus.CREATED).body(saved));
    }

    @GetMapping("/todos")
    Flux<Todo> list() {
        return todos.findAll(Sort.by("id"));
    }

    @GetMapping("/todo/{id}")
    Mono<Todo> get(@PathVariable long id) {
        return todos.findById(id).switchIfEmpty(Mono.error(() -> notFound(id)));
    }

    @PutMapping("/todo/{id}")
    Mono<Todo> update(@PathVariable long id, @RequestBody Todo body) {
        Todo item = valid(body).withId(id);
        return todos.update(id, item.description(), item.completed())
                .flatMap(rows -> rows > 0 ? Mono.just(item) : Mono.error(notFound(id)));
    }

    @DeleteMapping("/todo/{id}")
    Mono<ResponseEntity<Void>> delete(@PathVariable long id) {
        return todos.deleteCounting(id)
                .flatMap(rows -> rows > 0
                        ? Mono.just(ResponseEntity.noContent().<Void>build())
                        : Mono.error(notFound(id)));
    }

    private static Todo valid(Todo body) {
        if (body.description() == null) {
            throw new ResponseStatusException(HttpStatus.BAD_REQUEST, "Description: must be present");
        }
        if (body.description().length() > 4096) {
            throw new ResponseStatusException(HttpStatus.BAD_REQUEST,
                    "Description: must be at most 4096 characters, got " + body.description().length());
        }
        return body;
    }

    private static ResponseStatusException notFound(long id) {
        return new ResponseStatusException(HttpStatus.NOT_FOUND, "todo " + id + " not found");
    }
}
