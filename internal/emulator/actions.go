package emulator

import (
	"encoding/json"
	"fmt"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"time"
)

const casVersion = "2020-04-07"

// handler answers one action. It returns the success body (including its
// RequestId) or an error, which the server turns into the gateway's answer.
type handler func(s *Server, c *call) (any, error)

type route struct{ version, action string }

// routes is every API the emulator answers. New actions (and other products'
// versions, such as STS) are added here.
var routes = map[route]handler{
	{casVersion, "ListDeploymentJobCert"}:       (*Server).listDeploymentJobCert,
	{casVersion, "ListDeploymentJob"}:           (*Server).listDeploymentJob,
	{casVersion, "DescribeDeploymentJob"}:       (*Server).describeDeploymentJob,
	{casVersion, "ListDeploymentJobResource"}:   (*Server).listDeploymentJobResource,
	{casVersion, "CreateDeploymentJob"}:         (*Server).createDeploymentJob,
	{casVersion, "UpdateDeploymentJob"}:         (*Server).updateDeploymentJob,
	{casVersion, "UpdateDeploymentJobStatus"}:   (*Server).updateDeploymentJobStatus,
	{casVersion, "DeleteDeploymentJob"}:         (*Server).deleteDeploymentJob,
	{casVersion, "DescribeDeploymentJobStatus"}: (*Server).describeDeploymentJobStatus,
	{casVersion, "ListWorkerResource"}:          (*Server).listWorkerResource,
	{casVersion, "UpdateWorkerResourceStatus"}:  (*Server).updateWorkerResourceStatus,
	{casVersion, "CreateRollbackTask"}:          (*Server).createRollbackTask,
	{casVersion, "ListCloudResources"}:          (*Server).listCloudResources,
	{casVersion, "ListContact"}:                 (*Server).listContact,
	{casVersion, "CreateContact"}:               (*Server).createContact,
	{casVersion, "GetContact"}:                  (*Server).getContact,
	{casVersion, "UpdateContact"}:               (*Server).updateContact,
	{casVersion, "DeleteContact"}:               (*Server).deleteContact,
	{casVersion, "AddCloudAccess"}:              (*Server).addCloudAccess,
	{casVersion, "ListCloudAccess"}:             (*Server).listCloudAccess,
	{casVersion, "DeleteCloudAccess"}:           (*Server).deleteCloudAccess,
	{casVersion, "ListUserCertificateOrder"}:    (*Server).listUserCertificateOrder,
	{casVersion, "GetUserCertificateDetail"}:    (*Server).getUserCertificateDetail,
	{casVersion, "UploadUserCertificate"}:       (*Server).uploadUserCertificate,
	{casVersion, "DeleteUserCertificate"}:       (*Server).deleteUserCertificate,
	{casVersion, "UpdateInstance"}:              (*Server).updateInstance,
	{casVersion, "ApplyCertificate"}:            (*Server).applyCertificate,
	{casVersion, "CancelPendingCertificate"}:    (*Server).cancelPendingCertificate,
	{casVersion, "GetInstanceDetail"}:           (*Server).getInstanceDetail,
	{casVersion, "ListInstances"}:               (*Server).listInstances,
	{casVersion, "GetMatchedResources"}:         (*Server).getMatchedResources,
	{stsVersion, "AssumeRole"}:                  (*Server).assumeRole,
	{stsVersion, "AssumeRoleWithOIDC"}:          (*Server).assumeRoleWithOIDC,
}

// knownVersions lets an unknown version be told apart from an unknown action.
var knownVersions = func() map[string]bool {
	v := map[string]bool{}
	for r := range routes {
		v[r.version] = true
	}
	return v
}()

func lookupRoute(version, action string) (handler, error) {
	if !knownVersions[version] {
		return nil, errorf(http.StatusBadRequest, "InvalidVersion", "Specified parameter Version is not valid.")
	}
	h, ok := routes[route{version, action}]
	if !ok {
		return nil, errActionNotFound
	}
	return h, nil
}

// listDeploymentJobCert serves the job's certificates: an account job's
// from the account, a fixture job's as written (or from the account,
// Fixture's FromAccount); a job neither knows has none.
func (s *Server) listDeploymentJobCert(c *call) (any, error) {
	jobID, err := c.positiveInt64("JobId")
	if err != nil {
		return nil, err
	}
	now, unlock := s.lockAccount()
	defer unlock()
	if j := s.account.jobs[jobID]; j != nil {
		records := []jobCertRecord{}
		for _, id := range j.certIDs {
			if cert := s.account.certificates[id]; cert != nil {
				records = append(records, cert.jobCertRecord(now))
			}
		}
		return listAnswer[jobCertRecord]{records, c.requestID}, nil
	}
	return listAnswer[json.RawMessage]{s.recordedCertificates(jobID, now), c.requestID}, nil
}

// recordedCertificates is what ListDeploymentJobCert answers for fixture job
// jobID at now. The caller holds the account.
func (s *Server) recordedCertificates(jobID int64, now time.Time) []json.RawMessage {
	return s.fixture.fromAccount(s.fixture.certificates(jobID), "CertId", func(id int64) (any, bool) {
		if cert := s.account.certificates[id]; cert != nil {
			return cert.jobCertRecord(now), true
		}
		return nil, false
	})
}

// required returns a mandatory parameter, refusing as the gateway does when
// it is missing or empty.
func (c *call) required(name string) (string, error) {
	v := c.params.Get(name)
	if v == "" {
		return "", missing(name)
	}
	return v, nil
}

func (c *call) positiveInt64(name string) (int64, error) {
	v, err := c.required(name)
	if err != nil {
		return 0, err
	}
	n, ok := parsePositive(v)
	if !ok {
		return 0, invalid(name, fmt.Sprintf("%q is not a positive integer", v))
	}
	return n, nil
}

func parsePositive(v string) (int64, bool) {
	n, err := strconv.ParseInt(strings.TrimSpace(v), 10, 64)
	return n, err == nil && n > 0
}

// idList reads a comma-separated list of IDs (CertIds, ResourceIds,
// ContactIds); absent is nil without error unless the parameter is mandatory.
func (c *call) idList(name string, mandatory bool) ([]int64, error) {
	v := c.params.Get(name)
	if v == "" {
		if mandatory {
			return nil, missing(name)
		}
		return nil, nil
	}
	var ids []int64
	for _, part := range strings.Split(v, ",") {
		id, ok := parsePositive(part)
		if !ok {
			return nil, invalid(name, fmt.Sprintf("%q is not a comma-separated list of IDs", v))
		}
		if !slices.Contains(ids, id) {
			ids = append(ids, id)
		}
	}
	return ids, nil
}
