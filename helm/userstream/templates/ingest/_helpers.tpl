{{/*
Name of the ingest resources (Deployment, Service, ConfigMap, ServiceAccount, PDB, ...).
*/}}
{{- define "userstream.ingest.name" -}}
{{- printf "%s-ingest" (include "userstream.fullname" .) | trunc 63 | trimSuffix "-" -}}
{{- end -}}
