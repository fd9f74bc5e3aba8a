package io.stampede.engine.http.client;

/**
 * The connections of one event loop to one origin, HTTP/1.1 ({@link OriginPool}) or HTTP/2
 * ({@link Http2Pool}). Confined to its event loop.
 */
interface ConnectionPool {

    /** Gives the exchange a carrier now, or queues it until one is free. */
    void acquire(Http1Exchange exchange);

    /** The exchange gave up waiting (timeout, cancel). */
    void forget(Http1Exchange exchange);

    /** Closes connections idle since before the deadline. */
    void closeIdleSince(long deadlineNanos);

    /** Closes every connection and fails the waiting exchanges (engine shutdown). */
    void closeAll();

    /** Connections open or being opened. */
    int openConnections();
}
