{{/*
Name of the ingest resources (Deployment, Service, ConfigMap, ServiceAccount, PDB, ...).
*/}}
{{- define "userstream.ingest.name" -}}
{{- printf "%s-ingest" (include "userstream.fullname" .) | trunc 63 | trimSuffix "-" -}}
{{- end -}}

{{/*
Labels of the ingest resources, its selector, and its pods (see "userstream.podLabels").
*/}}
{{- define "userstream.ingest.labels" -}}
{{ include "userstream.componentLabels" (list . "ingest") }}
{{- end -}}
{{- define "userstream.ingest.selectorLabels" -}}
{{ include "userstream.componentSelectorLabels" (list . "ingest") }}
{{- end -}}
{{- define "userstream.ingest.podLabels" -}}
{{ include "userstream.podLabels" (list . "ingest" .Values.ingest.podLabels) }}
{{- end -}}

{{/*
ServiceAccount of the ingest pods.
*/}}
{{- define "userstream.ingest.serviceAccountName" -}}
{{- if .Values.ingest.serviceAccount.create -}}
{{- .Values.ingest.serviceAccount.name | default (include "userstream.ingest.name" .) -}}
{{- else -}}
{{- .Values.ingest.serviceAccount.name | default "default" -}}
{{- end -}}
{{- end -}}

{{/*
The Secret with the ingest API's users: ingest.api.existingSecret, or the one the chart generates
(templates/ingest/api-secret.yaml).
*/}}
{{- define "userstream.ingest.apiSecretName" -}}
{{- .Values.ingest.api.existingSecret | default (printf "%s-api-users" (include "userstream.ingest.name" .)) -}}
{{- end -}}
