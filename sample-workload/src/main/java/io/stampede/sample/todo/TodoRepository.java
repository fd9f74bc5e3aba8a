package io.stampede.sample.todo;

import org.springframework.data.r2dbc.repository.Modifying;
import org.springframework.data.r2dbc.repository.Query;
import org.springframework.data.repository.reactive.ReactiveCrudRepository;
import org.springframework.data.repository.reactive.ReactiveSortingRepository;
import reactor.core.publisher.Mono;

interface TodoRepository extends ReactiveCrudRepository<Todo, Long>, ReactiveSortingRepository<Todo, Long> {

    /** One statement, so a concurrent delete can't slip between a lookup and the update. */
    @Modifying
    @Query("UPDATE todo SET description = :description, completed = :completed WHERE id = :id")
    Mono<Long> update(Long id, String description, boolean completed);

    @Modifying
    @Query("DELETE FROM todo WHERE id = :id")
    Mono<Long> deleteCounting(Long id);
}
