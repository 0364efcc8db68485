{{/* vim: set filetype=mustache: */}}

{{/*
Expand the name of the chart.
*/}}
{{- define "userstream.name" -}}
{{- default .Chart.Name .Values.nameOverride | trunc 63 | trimSuffix "-" -}}
{{- end -}}

{{/*
Create a default fully qualified app name.
We truncate at 63 chars because some Kubernetes name fields are limited to this (by the DNS naming spec).
If release name contains chart name it will be used as a full name.
*/}}
{{- define "userstream.fullname" -}}
{{- if .Values.fullnameOverride -}}
{{- .Values.fullnameOverride | trunc 63 | trimSuffix "-" -}}
{{- else -}}
{{- $name := default .Chart.Name .Values.nameOverride -}}
{{- if contains $name .Release.Name -}}
{{- .Release.Name | trunc 63 | trimSuffix "-" -}}
{{- else -}}
{{- printf "%s-%s" .Release.Name $name | trunc 63 | trimSuffix "-" -}}
{{- end -}}
{{- end -}}
{{- end -}}

{{/*
Create chart name and version as used by the chart label.
*/}}
{{- define "userstream.chart" -}}
{{- printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" | trunc 63 | trimSuffix "-" -}}
{{- end -}}

{{/*
Common labels: every resource carries them. Selector labels stay a small, immutable subset.
*/}}
{{- define "userstream.labels" -}}
helm.sh/chart: {{ include "userstream.chart" . }}
{{ include "userstream.selectorLabels" . }}
{{- if .Chart.AppVersion }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
{{- end }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
app.kubernetes.io/part-of: userstream
{{- with .Values.commonLabels }}
{{ toYaml . }}
{{- end }}
{{- end -}}

{{/*
Selector labels
*/}}
{{- define "userstream.selectorLabels" -}}
app.kubernetes.io/name: {{ include "userstream.name" . }}
app.kubernetes.io/instance: {{ .Release.Name }}
{{- end -}}

{{/*
Labels of one component. Usage: include "userstream.componentLabels" (list . "ingest")
*/}}
{{- define "userstream.componentLabels" -}}
{{ include "userstream.labels" (index . 0) }}
app.kubernetes.io/component: {{ index . 1 }}
{{- end -}}

{{/*
Labels of a component's pods: the selector, the component and the user's `podLabels`, nothing that
changes with the chart or app version, so a chart upgrade alone does not roll every pod.
Usage: include "userstream.podLabels" (list . "ingest" .Values.ingest.podLabels)
*/}}
{{- define "userstream.podLabels" -}}
{{ include "userstream.componentSelectorLabels" (list (index . 0) (index . 1)) }}
{{- with (index . 2) }}
{{ toYaml . }}
{{- end }}
{{- end -}}

{{/*
Selector labels of one component. Usage: include "userstream.componentSelectorLabels" (list . "ingest")
*/}}
{{- define "userstream.componentSelectorLabels" -}}
{{ include "userstream.selectorLabels" (index . 0) }}
app.kubernetes.io/component: {{ index . 1 }}
{{- end -}}

{{/*
An image reference from {registry, repository, tag}; the tag defaults to the chart's appVersion.
Usage: include "userstream.image" (list .Values.ingest.image .Chart.AppVersion)
*/}}
{{- define "userstream.image" -}}
{{- $image := index . 0 -}}
{{- $tag := $image.tag | default (index . 1) | toString -}}
{{- if eq $tag "latest" -}}
{{- fail "image tags must be pinned: `latest` is not allowed" -}}
{{- end -}}
{{- if $image.registry -}}
{{- printf "%s/%s:%s" $image.registry $image.repository $tag -}}
{{- else -}}
{{- printf "%s:%s" $image.repository $tag -}}
{{- end -}}
{{- end -}}

{{/* ===== Shared client wiring of ingest-service and spark-app ===== */}}

{{/*
Mount points of the credentials, the same in every pod.
*/}}
{{- define "userstream.paths.kafkaUser" -}}/etc/userstream/kafka-user{{- end -}}
{{- define "userstream.paths.kafkaCa" -}}/etc/userstream/kafka-ca{{- end -}}
{{- define "userstream.paths.cassandra" -}}/etc/userstream/cassandra{{- end -}}
{{- define "userstream.paths.cassandraTls" -}}/etc/userstream/cassandra-tls{{- end -}}
{{- define "userstream.paths.cassandraTlsPassword" -}}/etc/userstream/cassandra-tls-password{{- end -}}
{{- define "userstream.paths.apiUsers" -}}/etc/userstream/api{{- end -}}

{{/*
Connection settings both applications read (the environment contract), as a YAML map of strings.
Credentials are referenced as files, never as values. Only names both applications read belong
here (EnvContractTest checks them against ingest-service's and spark-app's sources).
Usage: include "userstream.clientEnv" (list . "ingest")
*/}}
{{- define "userstream.clientEnv" -}}
{{- $ := index . 0 -}}
{{- $component := index . 1 -}}
KAFKA_BOOTSTRAP_SERVERS: {{ include "userstream.kafka.bootstrapServers" $ | quote }}
KAFKA_SECURITY_PROTOCOL: {{ include "userstream.kafka.securityProtocol" $ | quote }}
{{- if $.Values.kafka.auth.enabled }}
KAFKA_SASL_MECHANISM: "SCRAM-SHA-512"
KAFKA_SASL_USERNAME: {{ include "userstream.kafka.userName" (list $ $component) | quote }}
KAFKA_SASL_PASSWORD_FILE: {{ printf "%s/password" (include "userstream.paths.kafkaUser" $) | quote }}
{{- end }}
{{- if $.Values.kafka.tls.enabled }}
KAFKA_SSL_TRUSTSTORE_FILE: {{ printf "%s/ca.crt" (include "userstream.paths.kafkaCa" $) | quote }}
{{- end }}
USERSTREAM_TOPIC: {{ $.Values.kafka.topics.main.name | quote }}
CASSANDRA_CONTACT_POINTS: {{ include "userstream.cassandra.contactPoints" $ | quote }}
CASSANDRA_LOCAL_DATACENTER: {{ $.Values.cassandra.datacenter.name | quote }}
CASSANDRA_USERNAME_FILE: {{ printf "%s/username" (include "userstream.paths.cassandra" $) | quote }}
CASSANDRA_PASSWORD_FILE: {{ printf "%s/password" (include "userstream.paths.cassandra" $) | quote }}
CASSANDRA_SSL_ENABLED: {{ $.Values.cassandra.sslEnabled | toString | quote }}
{{- if $.Values.cassandra.sslEnabled }}
CASSANDRA_SSL_TRUSTSTORE_FILE: {{ printf "%s/truststore.jks" (include "userstream.paths.cassandraTls" $) | quote }}
CASSANDRA_SSL_TRUSTSTORE_PASSWORD_FILE: {{ printf "%s/password" (include "userstream.paths.cassandraTlsPassword" $) | quote }}
{{- end }}
{{- end -}}

{{/*
A YAML map rendered as a list of EnvVar. Usage: include "userstream.envList" $map
*/}}
{{- define "userstream.envList" -}}
{{- range $name, $value := . }}
- name: {{ $name }}
  value: {{ $value | toString | quote }}
{{- end }}
{{- end -}}

{{/* ===== NetworkPolicy peers (who may reach Kafka's client listeners and Cassandra's CQL port) ===== */}}

{{/*
The components that are Kafka clients: a list of NetworkPolicyPeers selecting their pods.
*/}}
{{- define "userstream.kafkaClientPeers" -}}
{{- $components := list "ingest" "spark" "test" -}}
{{- if .Values.kafkaUi.enabled }}{{ $components = append $components "kafka-ui" }}{{ end -}}
{{- if .Values.registry.enabled }}{{ $components = append $components "registry" }}{{ end -}}
{{- range $components }}
- podSelector:
    matchLabels:
      {{- include "userstream.componentSelectorLabels" (list $ .) | nindent 6 }}
{{- end }}
{{- end -}}

{{/*
The components that are Cassandra clients (the roles Job logs in as the superuser).
*/}}
{{- define "userstream.cassandraClientPeers" -}}
{{- range list "ingest" "spark" "batch" "test" "cassandra-roles" }}
- podSelector:
    matchLabels:
      {{- include "userstream.componentSelectorLabels" (list $ .) | nindent 6 }}
{{- end }}
{{- end -}}
