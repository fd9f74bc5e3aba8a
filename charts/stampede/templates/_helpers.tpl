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

{{- define "stampede.serviceAccountName" -}}
{{- if .Values.loadtest.k8sSteps.enabled }}{{ include "stampede.fullname" . }}{{ else }}default{{ end }}
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

{{/* Name of the ConfigMap with the scenario, empty when there is none. */}}
{{- define "stampede.scenarioConfigMap" -}}
{{- if and .Values.loadtest.scenario .Values.loadtest.scenarioConfigMap }}
{{- fail "loadtest.scenario and loadtest.scenarioConfigMap are mutually exclusive: set one" }}
{{- end }}
{{- if .Values.loadtest.scenarioConfigMap }}{{ .Values.loadtest.scenarioConfigMap }}
{{- else if .Values.loadtest.scenario }}{{ include "stampede.fullname" . }}-scenario
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
