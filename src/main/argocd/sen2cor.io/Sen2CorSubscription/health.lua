-- Argo CD health of a sen2cor.io Sen2CorSubscription: Healthy while it polls as planned (its jobs have their own
-- health), Suspended with spec.suspend, Degraded when its Ready reason is not OK.
local hs = {}
local warnings = {InvalidSpec=true, BackendUnavailable=true, EnvironmentNotFound=true,
  EnvironmentTerminating=true, NamespaceNotAllowed=true, OutputNotAllowed=true, ImageNotAllowed=true,
  EndpointNotAllowed=true, CatalogueNotAllowed=true, CredentialsNotAllowed=true, NoJobRole=true,
  DuplicateProducts=true, NameConflict=true, InvalidAwsReference=true, ComputeEnvironmentInvalid=true,
  JobQueueInvalid=true, ReplacementPending=true, ScaleDownPending=true, AwsRequestFailed=true,
  AwsUnreachable=true, MissingKubernetesReference=true, OutputBucketNotFound=true, ScenesNotStarting=true,
  CatalogueUnavailable=true, SelectionRefused=true, NotificationQueueNotAllowed=true,
  CompletedWithFailures=true, ReconcileError=true}
if obj.status == nil or obj.status.conditions == nil then
  hs.status = "Progressing"
  hs.message = "Waiting for the operator"
  return hs
end
if obj.metadata.generation ~= nil and obj.status.observedGeneration ~= nil
    and obj.status.observedGeneration < obj.metadata.generation then
  hs.status = "Progressing"
  hs.message = "Waiting for the operator to act on generation " .. obj.metadata.generation
  return hs
end
if obj.spec ~= nil and obj.spec.suspend == true then
  hs.status = "Suspended"
  hs.message = "spec.suspend is true: no polls"
  return hs
end
local ready = nil
for _, c in ipairs(obj.status.conditions) do
  if c.type == "Ready" then ready = c end
end
if ready ~= nil and ready.status ~= "True" and warnings[ready.reason] then
  hs.status = "Degraded"
  hs.message = ready.reason .. ": " .. (ready.message or "")
  return hs
end
if obj.status.cursor == nil then
  hs.status = "Progressing"
  hs.message = "First poll"
  return hs
end
hs.status = "Healthy"
hs.message = "Cursor " .. obj.status.cursor .. ", " .. (obj.status.jobsCreated or 0) .. " job(s) created"
return hs
