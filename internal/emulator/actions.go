package emulator

import (
	"encoding/json"
	"net/http"
	"strconv"
)

const casVersion = "2020-04-07"

// handler answers one action. It returns the success body (including its
// RequestId) or an error, which the server turns into the gateway's answer.
type handler func(s *Server, c *call) (any, error)

type route struct{ version, action string }

// routes is every API the emulator answers. New actions (and other products'
// versions, such as STS) are added here.
var routes = map[route]handler{
	{casVersion, "ListDeploymentJobCert"}:     (*Server).listDeploymentJobCert,
	{casVersion, "ListDeploymentJob"}:         (*Server).listDeploymentJob,
	{casVersion, "DescribeDeploymentJob"}:     (*Server).describeDeploymentJob,
	{casVersion, "ListDeploymentJobResource"}: (*Server).listDeploymentJobResource,
	{stsVersion, "AssumeRole"}:                (*Server).assumeRole,
	{stsVersion, "AssumeRoleWithOIDC"}:        (*Server).assumeRoleWithOIDC,
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

// listDeploymentJobCert serves the job's certificates exactly as the fixture
// holds them; a job the fixture does not know has none.
func (s *Server) listDeploymentJobCert(c *call) (any, error) {
	jobID, err := c.positiveInt64("JobId")
	if err != nil {
		return nil, err
	}
	return struct {
		Data      []json.RawMessage `json:"Data"`
		RequestID string            `json:"RequestId"`
	}{s.fixture.certificates(jobID), c.requestID}, nil
}

// required returns a mandatory parameter, refusing as the gateway does when
// it is missing or empty.
func (c *call) required(name string) (string, error) {
	v := c.params.Get(name)
	if v == "" {
		return "", errorf(http.StatusBadRequest, "Missing"+name, "%s is mandatory for this action.", name)
	}
	return v, nil
}

func (c *call) positiveInt64(name string) (int64, error) {
	v, err := c.required(name)
	if err != nil {
		return 0, err
	}
	n, perr := strconv.ParseInt(v, 10, 64)
	if perr != nil || n <= 0 {
		return 0, errorf(http.StatusBadRequest, "InvalidParameter", "The parameter %s is invalid: %q is not a positive integer.", name, v)
	}
	return n, nil
}
