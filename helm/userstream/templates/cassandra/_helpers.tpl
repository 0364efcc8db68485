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
