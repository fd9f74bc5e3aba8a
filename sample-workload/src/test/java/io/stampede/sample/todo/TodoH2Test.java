package io.stampede.sample.todo;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webtestclient.autoconfigure.AutoConfigureWebTestClient;

/** The todo API on the default embedded H2. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@AutoConfigureWebTestClient(timeout = "PT30S") // first scrapes and Flyway on a loaded CI machine exceed the 5 s default
class TodoH2Test extends TodoApiContract {
}
