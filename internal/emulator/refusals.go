package emulator

import (
	"fmt"
	"net/http"
)

// refusal is one way the account refuses a request: the code and HTTP
// status it answers, and whether the real service is known to use them.
// No CAS page publishes operation-specific error codes (see
// ASSUMPTIONS.md), so nearly every entry is an assumption, and says so.
type refusal struct {
	status  int
	code    string
	message string // a fmt format; its arguments name what was refused
	// source is where the real service is seen to answer so; empty means
	// the code and status are the emulator's assumption.
	source string
}

func (r refusal) with(args ...any) *apiError {
	return errorf(r.status, r.code, r.message, args...)
}

// Every refusal the account makes, in one table. ASSUMPTIONS.md lists the
// same codes (a test keeps the two together).
var (
	// Parameters.
	refMissing = refusal{http.StatusBadRequest, "Missing%s", "%s is mandatory for this action.",
		"certimate-go/certimate#17 (MissingStatus: Status is mandatory for this action)"}
	refInvalid = refusal{http.StatusBadRequest, "InvalidParameter", "The parameter %s is invalid: %s.",
		"practice ([SKILL]: a domain instead of an Id in ResourceIds)"}
	refJobType = refusal{http.StatusBadRequest, "InvalidParameter.JobType",
		"JobType %q is not valid; use user or cloud.", ""}
	refStatus = refusal{http.StatusBadRequest, "InvalidParameter.Status",
		"Status %q is not valid here; use %s.", ""}
	refScheduleTime = refusal{http.StatusBadRequest, "InvalidParameter.ScheduleTime",
		"ScheduleTime %d is in the past (now %d); give a future UNIX time in milliseconds, or none to start at once.", ""}

	// Things that do not exist (or no longer do).
	refJobNotFound         = refusal{http.StatusNotFound, "NotFound.DeploymentJob", "The deployment job %d does not exist.", ""}
	refWorkerNotFound      = refusal{http.StatusNotFound, "NotFound.Worker", "The worker %d does not belong to deployment job %d.", ""}
	refCertificateNotFound = refusal{http.StatusNotFound, "NotFound.Certificate", "The certificate %d does not exist.", ""}
	refResourceNotFound    = refusal{http.StatusNotFound, "NotFound.CloudResource", "The cloud resource %d does not exist; take Ids from ListCloudResources.", ""}
	refContactNotFound     = refusal{http.StatusNotFound, "NotFound.Contact", "The contact %d does not exist; take ContactIds from ListContact.", ""}
	refCloudAccessNotFound = refusal{http.StatusNotFound, "NotFound.CloudAccess", "The AccessKey %d is not stored; take AccessIds from ListCloudAccess.", ""}

	// Jobs and workers in the wrong state.
	refJobNotEditing = refusal{http.StatusBadRequest, "OperationDenied.JobStatus",
		"The deployment job %d is %s; it can be changed only while editing (set its status to editing first).", ""}
	refJobFinished = refusal{http.StatusBadRequest, "OperationDenied.JobFinished",
		"The deployment job %d is %s; the status of a finished job cannot change.",
		"[DOC-CN] UpdateDeploymentJobStatus: 部署失败、部署成功的任务状态不允许变更 (code assumed)"}
	refJobProcessing = refusal{http.StatusBadRequest, "OperationDenied.JobProcessing",
		"The deployment job %d is processing; wait until it finishes.", ""}
	refWorkerStatus = refusal{http.StatusBadRequest, "OperationDenied.WorkerStatus",
		"The worker %d is %s; only a success or error worker of a finished job can be rolled back.", ""}
	refRecordedJob = refusal{http.StatusBadRequest, "OperationDenied.RecordedJob",
		"The deployment job %d comes from the emulator's fixture, which serves it as written; only DeleteDeploymentJob changes it.",
		"the emulator's own: fixture jobs are recordings"}

	// Certificates.
	refNameTaken = refusal{http.StatusBadRequest, "NameRepeat", "The certificate name already exists.",
		"message seen in netcccyun/dnsmgr#178 and #165 (code assumed)"}
	refNotPEM      = refusal{http.StatusBadRequest, "InvalidParameter.%s", "%s is not PEM text of %s: %s.", ""}
	refKeyMismatch = refusal{http.StatusBadRequest, "InvalidParameter.KeyMismatch",
		"The private key does not match the certificate.", ""}
	refUnsupported = refusal{http.StatusBadRequest, "Unsupported.Algorithm",
		"The emulator reads RSA and ECDSA certificates only: %s.", "the emulator's own: SM2 is not modelled"}
	refCertificateInUse = refusal{http.StatusBadRequest, "OperationDenied.CertificateInUse",
		"The certificate %d is used by deployment job %d, which has not finished.", ""}
	refCertificateNotDeletable = refusal{http.StatusBadRequest, "OperationDenied.CertificateNotDeletable",
		"The certificate %d is a valid purchased certificate; only expired, revoked or uploaded certificates can be deleted.",
		"DeleteUserCertificate summary: expired, revoked, or manually uploaded (code assumed)"}

	// Contacts and other clouds' keys.
	refContactFormat = refusal{http.StatusBadRequest, "IncorrectFormat.%s", "%s is not in the right format: %s.",
		"[DOC-CN] CreateContact/UpdateContact: 400 IncorrectFormat.%s"}
	refWebhookKind = refusal{http.StatusBadRequest, "InvalidParameter.Webhooks",
		"The webhook %q is not a DingTalk, WeCom or Lark chatbot URL.",
		"[ALI] contact test: HTTP 400 InvalidParameter for other URLs (the kinds: [TS]; the suffix assumed)"}
	refContactNameTaken = refusal{http.StatusBadRequest, "AlreadyExists.Name", "A contact named %q already exists (ContactId %d).",
		"[DOC-CN] CreateContact: 400 AlreadyExists.%s (the field, name, assumed)"}
	refContactInUse = refusal{http.StatusBadRequest, "OperationDenied.ContactInUse",
		"The contact %d is notified by deployment job %d; delete the job first or take the contact out of it.", ""}
	refCloudName = refusal{http.StatusBadRequest, "InvalidParameter.CloudName",
		"CloudName %q is not a cloud CAS deploys to; use Tencent, Huawei or Aws.", ""}

	// Certificate instances and their applications.
	refInstanceNotFound = refusal{http.StatusNotFound, "NotFound.Instance", "The certificate instance %s does not exist.", ""}
	refStatusNotSupport = refusal{http.StatusBadRequest, "OperationDenied.StatusNotSupport",
		"The certificate instance %s is %s, which does not allow %s.",
		"[ALI] apply resource: CancelPendingCertificate when nothing is outstanding (ApplyCertificate's use of it assumed)"}
	refUpdateProtection = refusal{http.StatusBadRequest, "InvalidStatus.UpdateProtection",
		"The certificate instance %s has an application outstanding; withdraw it (CancelPendingCertificate) or wait until it ends.",
		"[ALI] instance resource retries it on UpdateInstance (when CAS answers it assumed)"}
	refIncomplete = refusal{http.StatusBadRequest, "InvalidStatus.Incomplete",
		"The certificate instance %s cannot apply: %s; set it with UpdateInstance first.", ""}
	refDomain = refusal{http.StatusBadRequest, "InvalidParameter.Domain", "The domain %q cannot be certified here: %s.", ""}
)

// refusals lists the table for ASSUMPTIONS.md's test.
var refusals = []refusal{
	refMissing, refInvalid, refJobType, refStatus, refScheduleTime,
	refJobNotFound, refWorkerNotFound, refCertificateNotFound, refResourceNotFound, refContactNotFound,
	refJobNotEditing, refJobFinished, refJobProcessing, refWorkerStatus, refRecordedJob,
	refNameTaken, refNotPEM, refKeyMismatch, refUnsupported, refCertificateInUse, refCertificateNotDeletable,
	refCloudAccessNotFound, refContactFormat, refWebhookKind, refContactNameTaken, refContactInUse, refCloudName,
	refInstanceNotFound, refStatusNotSupport, refUpdateProtection, refIncomplete, refDomain,
}

// missing refuses a mandatory parameter that is absent or empty.
func missing(name string) *apiError {
	return errorf(refMissing.status, fmt.Sprintf(refMissing.code, name), refMissing.message, name)
}

// notPEM refuses Cert or Key text that cannot be read.
func notPEM(param, what string, err error) *apiError {
	return errorf(refNotPEM.status, fmt.Sprintf(refNotPEM.code, param), refNotPEM.message, param, what, err)
}

func invalid(name, why string) *apiError { return refInvalid.with(name, why) }

// badFormat refuses a contact's field in the wrong format.
func badFormat(param, why string) *apiError {
	return errorf(refContactFormat.status, fmt.Sprintf(refContactFormat.code, param), refContactFormat.message, param, why)
}
