package io.stampede.engine.http.client;

/**
 * What carries one request of an exchange to its response: an HTTP/1.1 connection, or one stream
 * of an HTTP/2 connection. The pool of its origin hands it over; it answers the exchange through
 * {@link Http1Exchange#onHead}, {@link Http1Exchange#onContent}, {@link Http1Exchange#onComplete}
 * or {@link Http1Exchange#onConnectionFailed}. Used on its event loop only.
 */
interface ExchangeCarrier {

    /** The connection had served responses before: the server may have closed it meanwhile (worth one retry). */
    boolean reused();

    /** @param cookies the {@code Cookie} header from the user's jar, or null */
    void send(Http1Exchange exchange, Http1Request request, String cookies);

    /** Drops the exchange in flight (timeout, cancel); its response, should it come, is discarded. */
    void abort();
}
