package cas

import "context"

// DeploymentJobCert is one certificate of a deployment job, as
// ListDeploymentJobCert returns it. A nil field was absent from the answer.
type DeploymentJobCert struct {
	OddValues               // fields left absent because their value was odd
	CertID         *Int64   `json:"CertId"`
	OrderID        *Int64   `json:"OrderId"` // absent whenever CertId is present
	CertInstanceID *String  `json:"CertInstanceId"`
	CertName       *String  `json:"CertName"`
	CommonName     *String  `json:"CommonName"`
	Sans           []String `json:"Sans"` // nil when absent, empty when []
	Algorithm      *String  `json:"Algorithm"`
	NotBeforeTime  *Int64   `json:"NotBeforeTime"` // milliseconds in practice; see Instant
	NotAfterTime   *Int64   `json:"NotAfterTime"`
	Month          *Int64   `json:"Month"`
	StatusCode     *String  `json:"StatusCode"`
	CertType       *String  `json:"CertType"`
	CertOrderType  *String  `json:"CertOrderType"`
	IsTrustee      *Bool    `json:"IsTrustee"`
}

// ListDeploymentJobCertResponse is the decoded answer of ListDeploymentJobCert.
type ListDeploymentJobCertResponse struct {
	Certs []DeploymentJobCert // in the API's order, never nil
}

// ListDeploymentJobCert returns every certificate of the deployment job jobID.
func (c *Client) ListDeploymentJobCert(ctx context.Context, jobID int64) (*ListDeploymentJobCertResponse, error) {
	certs, err := listOfJob[DeploymentJobCert](ctx, c, "ListDeploymentJobCert", jobID)
	if err != nil {
		return nil, err
	}
	return &ListDeploymentJobCertResponse{Certs: certs}, nil
}
