package io.stampede.core.scenario;

import java.time.Duration;

/**
 * A call to the Kubernetes API, recorded in stats per (verb, kind). Every object created
 * carries the label {@code stampede.io/run=<run-id>} and is deleted when the run stops.
 *
 * @param name            stats key; defaults to the kind
 * @param verb            what to do
 * @param namespace       template; null: the client's default namespace
 * @param createNamespace create the namespace first when it is missing (409 is not a failure)
 * @param manifest        template of the object as YAML (create; optional for the others)
 * @param apiVersion      with kind, identifies the resource when there is no manifest
 * @param kind            e.g. Service
 * @param objectName      template; the object's name for get/delete/wait
 * @param labelSelector   for list
 * @param condition       for wait: e.g. {@code exists}, {@code deleted}, or a condition type such as {@code Ready}
 * @param timeout         null for the engine default
 */
public record K8sStep(String name, Verb verb, String namespace, boolean createNamespace, String manifest,
                      String apiVersion, String kind, String objectName, String labelSelector, String condition,
                      Duration timeout) implements Step {

    public enum Verb { CREATE, GET, LIST, DELETE, WAIT }
}
