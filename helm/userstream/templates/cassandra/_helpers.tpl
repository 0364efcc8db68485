{{/* Names and addresses of the K8ssandra cluster, shared by every component that connects to it. */}}

{{/*
Name of the K8ssandraCluster.
*/}}
{{- define "userstream.cassandra.name" -}}
{{- .Values.cassandra.name | default (include "userstream.fullname" .) -}}
{{- end -}}

{{/*
CQL contact point: cass-operator's service `<cluster>-<datacenter>-service`.
*/}}
{{- define "userstream.cassandra.contactPoints" -}}
{{- printf "%s-%s-service:9042" (include "userstream.cassandra.name" .) .Values.cassandra.datacenter.name -}}
{{- end -}}

{{/*
Superuser secret the K8ssandra operator generates (keys `username`, `password`).
*/}}
{{- define "userstream.cassandra.superuserSecret" -}}
{{- printf "%s-superuser" (include "userstream.cassandra.name" .) -}}
{{- end -}}

{{/*
Labels of the Cassandra resources. The K8ssandra operator passes the K8ssandraCluster's labels on
to the datacenter it makes, so it carries the version-free pod labels.
*/}}
{{- define "userstream.cassandra.podLabels" -}}
{{ include "userstream.podLabels" (list . "cassandra" dict) }}
{{- end -}}

{{/*
Secret of an application's own Cassandra role (keys `username`, `password`), made by the chart and
applied to Cassandra by the cassandra-roles Job. The applications mount this, never the superuser's.
Usage: include "userstream.cassandra.roleSecret" (list . "ingest")
*/}}
{{- define "userstream.cassandra.roleSecret" -}}
{{- $ := index . 0 -}}
{{- printf "%s-%s-cql" (include "userstream.cassandra.name" $) (index . 1) | trunc 63 | trimSuffix "-" -}}
{{- end -}}

{{/*
The role names of contract's cassandra-roles.cql (CassandraRoles.SPARK_ROLE / INGEST_ROLE).
*/}}
{{- define "userstream.cassandra.roleName" -}}
{{- printf "userstream_%s" . -}}
{{- end -}}

{{/*
Client-to-node TLS (cassandra.sslEnabled; templates/cassandra/tls.yaml). Secrets cert-manager writes
(keystores.jks: keys keystore.jks, truststore.jks, tls.crt, tls.key, ca.crt) and the chart's store
password Secret (key `password`). Usage: include "userstream.cassandra.tlsSecret" (list . "server"|"client"|"ca")
*/}}
{{- define "userstream.cassandra.tlsSecret" -}}
{{- $ := index . 0 -}}
{{- printf "%s-%s-tls" (include "userstream.cassandra.name" $) (index . 1) | trunc 63 | trimSuffix "-" -}}
{{- end -}}
{{- define "userstream.cassandra.tlsPasswordSecret" -}}
{{- printf "%s-tls-password" (include "userstream.cassandra.name" .) | trunc 63 | trimSuffix "-" -}}
{{- end -}}
{{- define "userstream.cassandra.caIssuer" -}}
{{- printf "%s-ca" (include "userstream.cassandra.name" .) | trunc 63 | trimSuffix "-" -}}
{{- end -}}

{{/*
cqlsh's [ssl] section (cqlshrc) for the chart's cqlsh pods: verify the nodes against the release's CA
(the client certificate Secret's ca.crt, mounted at userstream.paths.cassandraTls). Empty with TLS off.
*/}}
{{- define "userstream.cassandra.cqlshrcSsl" -}}
{{- if .Values.cassandra.sslEnabled -}}
[ssl]\ncertfile = {{ include "userstream.paths.cassandraTls" . }}/ca.crt\nvalidate = true\n
{{- end -}}
{{- end -}}
