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
