{{/* Chart name, truncated to the 63 characters Kubernetes names allow. */}}
{{- define "stampede.name" -}}
{{- default .Chart.Name .Values.nameOverride | trunc 63 | trimSuffix "-" }}
{{- end }}

{{/* Resource name prefix: <release>-<chart>, or the release alone when it contains the chart name. */}}
{{- define "stampede.fullname" -}}
{{- if .Values.fullnameOverride }}
{{- .Values.fullnameOverride | trunc 63 | trimSuffix "-" }}
{{- else }}
{{- $name := default .Chart.Name .Values.nameOverride }}
{{- if contains $name .Release.Name }}
{{- .Release.Name | trunc 63 | trimSuffix "-" }}
{{- else }}
{{- printf "%s-%s" .Release.Name $name | trunc 63 | trimSuffix "-" }}
{{- end }}
{{- end }}
{{- end }}

{{- define "stampede.labels" -}}
helm.sh/chart: {{ printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
{{ include "stampede.selectorLabels" . }}
stampede.io/loadtest: {{ .Values.loadtest.name | quote }}
{{- with .Values.extraLabels }}
{{ toYaml . }}
{{- end }}
{{- end }}

{{- define "stampede.selectorLabels" -}}
app.kubernetes.io/name: {{ include "stampede.name" . }}
app.kubernetes.io/instance: {{ .Release.Name }}
{{- end }}

{{/* Selector labels of one component: (dict "ctx" $ "component" "coordinator") */}}
{{- define "stampede.componentSelector" -}}
{{ include "stampede.selectorLabels" .ctx }}
app.kubernetes.io/component: {{ .component }}
{{- end }}

{{- define "stampede.componentLabels" -}}
{{ include "stampede.labels" .ctx }}
app.kubernetes.io/component: {{ .component }}
{{- end }}

{{- define "stampede.coordinatorName" -}}{{ include "stampede.fullname" . }}-coordinator{{- end }}
{{- define "stampede.workerName" -}}{{ include "stampede.fullname" . }}-worker{{- end }}

{{- define "stampede.linkSecretName" -}}
{{- default (printf "%s-link" (include "stampede.fullname" .)) .Values.link.existingSecret }}
{{- end }}

{{- define "stampede.webAuthSecretName" -}}
{{- default (printf "%s-web-auth" (include "stampede.fullname" .)) .Values.webAuth.existingSecret }}
{{- end }}

{{/* Whether the chart creates the pods' ServiceAccount: for k8s steps, or asked to (e.g. IRSA annotations). */}}
{{- define "stampede.createServiceAccount" -}}
{{- if or .Values.loadtest.k8sSteps.enabled .Values.serviceAccount.create .Values.serviceAccount.annotations }}true{{ end }}
{{- end }}

{{/* The coordinator's ServiceAccount: its own with experiments (IRSA for S3, topology RBAC), else the shared one. */}}
{{- define "stampede.coordinatorServiceAccountName" -}}
{{- if .Values.experiments.enabled }}{{ include "stampede.fullname" . }}-coordinator
{{- else }}{{ include "stampede.serviceAccountName" . }}{{ end }}
{{- end }}

{{/* Namespace of the experiments' topology. */}}
{{- define "stampede.topologyNamespace" -}}
{{- default .Release.Namespace .Values.experiments.topology.namespace }}
{{- end }}

{{/* Who gets the k8s-steps rights: the shared ServiceAccount, and the coordinator's own when it has one. */}}
{{- define "stampede.k8sStepsSubjects" -}}
- kind: ServiceAccount
  name: {{ include "stampede.serviceAccountName" . }}
  namespace: {{ .Release.Namespace }}
{{- if .Values.experiments.enabled }}
- kind: ServiceAccount
  name: {{ include "stampede.coordinatorServiceAccountName" . }}
  namespace: {{ .Release.Namespace }}
{{- end }}
{{- end }}

{{- define "stampede.serviceAccountName" -}}
{{- if include "stampede.createServiceAccount" . }}{{ default (include "stampede.fullname" .) .Values.serviceAccount.name }}
{{- else }}{{ default "default" .Values.serviceAccount.name }}{{ end }}
{{- end }}

{{/* Image reference: (dict "ctx" $ "repository" "stampede/worker") */}}
{{- define "stampede.image" -}}
{{- $tag := default .ctx.Chart.AppVersion .ctx.Values.image.tag }}
{{- if .ctx.Values.image.registry }}
{{- printf "%s/%s:%s" (trimSuffix "/" .ctx.Values.image.registry) .repository $tag }}
{{- else }}
{{- printf "%s:%s" .repository $tag }}
{{- end }}
{{- end }}

{{/* One value under two names (Stampede's and the deliveryhero locust chart's): (dict "ours" "loadtest.host" "a" .. "theirs" "loadtest.locust_host" "b" ..). */}}
{{- define "stampede.alias" -}}
{{- if and .a .b (ne (toString .a) (toString .b)) }}
{{- fail (printf "%s=%s and %s=%s name the same thing: set only %s" .ours (toString .a) .theirs (toString .b) .ours) }}
{{- end }}
{{- default .b .a }}
{{- end }}

{{/* Name of the existing ConfigMap with the scenario (loadtest.scenarioConfigMap or locust_locustfile_configmap). */}}
{{- define "stampede.existingScenarioConfigMap" -}}
{{- include "stampede.alias" (dict "ours" "loadtest.scenarioConfigMap" "a" .Values.loadtest.scenarioConfigMap
      "theirs" "loadtest.locust_locustfile_configmap" "b" .Values.loadtest.locust_locustfile_configmap) }}
{{- end }}

{{/* Name of the ConfigMap with the scenario, empty when there is none. */}}
{{- define "stampede.scenarioConfigMap" -}}
{{- $existing := include "stampede.existingScenarioConfigMap" . }}
{{- if and .Values.loadtest.scenario $existing }}
{{- fail "loadtest.scenario and loadtest.scenarioConfigMap (or locust_locustfile_configmap) are mutually exclusive: set one" }}
{{- end }}
{{- if $existing }}{{ $existing }}
{{- else if .Values.loadtest.scenario }}{{ include "stampede.fullname" . }}-scenario
{{- end }}
{{- end }}

{{/* Key of the scenario in its ConfigMap: scenarioKey, or locust_locustfile when that is set. A locustfile fails. */}}
{{- define "stampede.scenarioKey" -}}
{{- $theirs := .Values.loadtest.locust_locustfile }}
{{- if and $theirs (hasSuffix ".py" $theirs) }}
{{- fail (printf "loadtest.locust_locustfile=%s is a Python locustfile: Stampede runs scenario YAML, not Python. Convert it (docs/migrating-from-locust.md; scenarios/coredns.yaml and scenarios/website.yaml are the usual two), put the YAML in the ConfigMap (kubectl create configmap %s --from-file=%s.yaml=<your scenario>.yaml) and set loadtest.locust_locustfile=%s.yaml (or loadtest.scenarioKey)" $theirs (default "<name>" (include "stampede.existingScenarioConfigMap" .)) (trimSuffix ".py" $theirs) (trimSuffix ".py" $theirs)) }}
{{- end }}
{{- $ours := .Values.loadtest.scenarioKey }}
{{- if and $theirs (ne $ours "scenario.yaml") (ne $ours $theirs) }}
{{- fail (printf "loadtest.scenarioKey=%s and loadtest.locust_locustfile=%s name the same thing: set only loadtest.scenarioKey" $ours $theirs) }}
{{- end }}
{{- default $ours $theirs }}
{{- end }}

{{/* The coordinator's -H: loadtest.host or locust_host. */}}
{{- define "stampede.host" -}}
{{- include "stampede.alias" (dict "ours" "loadtest.host" "a" .Values.loadtest.host "theirs" "loadtest.locust_host" "b" .Values.loadtest.locust_host) }}
{{- end }}

{{- define "stampede.envSecretName" -}}{{ include "stampede.fullname" . }}-env{{- end }}

{{/*
Environment of one container, after the chart's own variables: the load test's (both
components) then the component's. (dict "ctx" $ "component" .Values.worker)
*/}}
{{- define "stampede.env" -}}
{{- $lt := .ctx.Values.loadtest }}
{{- range $name, $value := $lt.environment }}
- name: {{ $name }}
  value: {{ $value | toString | quote }}
{{- end }}
{{- range $name, $_ := $lt.environment_secret }}
- name: {{ $name }}
  valueFrom:
    secretKeyRef:
      name: {{ include "stampede.envSecretName" $.ctx }}
      key: {{ $name }}
{{- end }}
{{- range $secret, $keys := $lt.environment_external_secret }}
{{- range $keys }}
- name: {{ . }}
  valueFrom:
    secretKeyRef:
      name: {{ $secret }}
      key: {{ . }}
{{- end }}
{{- end }}
{{- range $name, $value := .component.environment }}
- name: {{ $name }}
  value: {{ $value | toString | quote }}
{{- end }}
{{- with .component.env }}
{{ toYaml . }}
{{- end }}
{{- end }}

{{/* envFrom of one container: (dict "ctx" $ "component" .Values.worker); empty when none. */}}
{{- define "stampede.envFrom" -}}
{{- range .ctx.Values.loadtest.environment_load_from_secrets }}
- secretRef:
    name: {{ . }}
{{- end }}
{{- with .ctx.Values.loadtest.envFrom }}
{{ toYaml . }}
{{- end }}
{{- with .component.envFrom }}
{{ toYaml . }}
{{- end }}
{{- end }}

{{/* Volume mounts both components share, then the component's: (dict "ctx" $ "component" .Values.worker). */}}
{{- define "stampede.extraVolumeMounts" -}}
{{- range $name, $path := .ctx.Values.extraConfigMaps }}
- name: configmap-{{ $name }}
  mountPath: {{ $path }}
  readOnly: true
{{- end }}
{{- with .ctx.Values.loadtest.mount_external_secret }}
- name: external-secrets
  mountPath: {{ required "loadtest.mount_external_secret.mountPath is required with files" .mountPath }}
  readOnly: true
{{- end }}
{{- with .component.extraVolumeMounts }}
{{ toYaml . }}
{{- end }}
{{- end }}

{{- define "stampede.extraVolumes" -}}
{{- range $name, $_ := .ctx.Values.extraConfigMaps }}
- name: configmap-{{ $name }}
  configMap:
    name: {{ $name }}
{{- end }}
{{- with .ctx.Values.loadtest.mount_external_secret }}
- name: external-secrets
  projected:
    sources:
      {{- range $secret, $keys := .files }}
      - secret:
          name: {{ $secret }}
          items:
            {{- range $keys }}
            - key: {{ . }}
              path: {{ . }}
            {{- end }}
      {{- end }}
{{- end }}
{{- with .component.extraVolumes }}
{{ toYaml . }}
{{- end }}
{{- end }}

{{/* Pod-level settings both components take the same way: (dict "ctx" $ "component" .Values.worker);
     the coordinator adds "serviceAccountName" and "automountToken" (its topology rights need the API token). */}}
{{- define "stampede.podCommon" -}}
serviceAccountName: {{ .serviceAccountName | default (include "stampede.serviceAccountName" .ctx) }}
automountServiceAccountToken: {{ if or .ctx.Values.loadtest.k8sSteps.enabled .automountToken }}true{{ else }}false{{ end }}
terminationGracePeriodSeconds: {{ .component.terminationGracePeriodSeconds }}
{{- with .component.priorityClassName }}
priorityClassName: {{ . }}
{{- end }}
{{- with .ctx.Values.hostAliases }}
hostAliases:
  {{- toYaml . | nindent 2 }}
{{- end }}
{{- with .ctx.Values.imagePullSecrets }}
imagePullSecrets:
  {{- toYaml . | nindent 2 }}
{{- end }}
securityContext:
  {{- toYaml .ctx.Values.podSecurityContext | nindent 2 }}
{{- with .component.initContainers }}
initContainers:
  {{- toYaml . | nindent 2 }}
{{- end }}
{{- end }}

{{/*
Probes of one container: the component's value, or the chart's default when that is empty
(a whole Probe replaces the default: helm would merge a map into a default map, giving two handlers).
(dict "component" .Values.worker "defaults" (dict "livenessProbe" ...))
*/}}
{{- define "stampede.probes" -}}
{{- range $probe := list "startupProbe" "readinessProbe" "livenessProbe" }}
{{- with index $.component $probe | default (index $.defaults $probe) }}
{{ $probe }}:
  {{- toYaml . | nindent 2 }}
{{- end }}
{{- end }}
{{- end }}

{{/* Reads a key of an existing Secret of this release (to keep generated values on upgrade). */}}
{{- define "stampede.existingSecretValue" -}}
{{- $secret := lookup "v1" "Secret" .ctx.Release.Namespace .name }}
{{- if and $secret $secret.data (hasKey $secret.data .key) }}
{{- index $secret.data .key | b64dec }}
{{- end }}
{{- end }}

{{/* API versions: the current ones, or the beta ones of older clusters (e.g. Kubernetes 1.20). */}}
{{- define "stampede.hpaApiVersion" -}}
{{- if .Capabilities.APIVersions.Has "autoscaling/v2" }}autoscaling/v2{{ else }}autoscaling/v2beta2{{ end }}
{{- end }}
{{- define "stampede.pdbApiVersion" -}}
{{- if .Capabilities.APIVersions.Has "policy/v1" }}policy/v1{{ else }}policy/v1beta1{{ end }}
{{- end }}
