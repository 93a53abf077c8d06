package cas

import (
	"context"
	"encoding/hex"
	"fmt"
	"strconv"
	"strings"
)

// Certificates of the account: listed, read, uploaded, deleted.

// Order types of ListUserCertificateOrder that list certificates. (Its
// default, CPACK, lists orders instead; the client never sends it.)
const (
	OrderTypeCert   = "CERT"   // every certificate, issued and uploaded
	OrderTypeUpload = "UPLOAD" // uploaded certificates only
)

// UserCertificate is a certificate as ListUserCertificateOrder lists it
// (OrderType CERT or UPLOAD). A nil field was absent from the answer.
type UserCertificate struct {
	OddValues               // fields left absent because their value was odd
	CertificateID   *Int64  `json:"CertificateId"`
	Name            *String `json:"Name"`
	CommonName      *String `json:"CommonName"`
	Sans            *String `json:"Sans"` // comma-separated
	StartDate       *Date   `json:"StartDate"`
	EndDate         *Date   `json:"EndDate"`
	Expired         *Bool   `json:"Expired"`
	Upload          *Bool   `json:"Upload"`
	Fingerprint     *String `json:"Fingerprint"` // SHA-1, hex
	Sha2            *String `json:"Sha2"`
	Issuer          *String `json:"Issuer"`
	SerialNo        *String `json:"SerialNo"`
	InstanceID      *String `json:"InstanceId"`
	ResourceGroupID *String `json:"ResourceGroupId"`
	OrgName         *String `json:"OrgName"`
	Country         *String `json:"Country"`
	Province        *String `json:"Province"`
	City            *String `json:"City"`
}

// UserCertificateFilter narrows ListUserCertificateOrder; an empty field
// does not filter, and an empty OrderType is OrderTypeCert.
type UserCertificateFilter struct {
	OrderType       string // OrderTypeCert or OrderTypeUpload
	Status          string // ISSUED, WILLEXPIRED, EXPIRED, ...; empty: the valid ones
	Keyword         string
	ResourceGroupID string
}

// ListUserCertificatesResponse is every certificate listed for a filter.
type ListUserCertificatesResponse struct {
	Certificates []UserCertificate // in the API's order, each once, never nil
	Pages        int
}

// ListUserCertificateOrder returns every certificate matching filter,
// walking the pages.
func (c *Client) ListUserCertificateOrder(ctx context.Context, filter UserCertificateFilter) (*ListUserCertificatesResponse, error) {
	l, err := certificateListing(filter)
	if err != nil {
		return nil, err
	}
	certs, pages, err := listAll(ctx, c, l)
	if err != nil {
		return nil, err
	}
	return &ListUserCertificatesResponse{Certificates: certs, Pages: pages}, nil
}

// EachUserCertificate hands every certificate matching filter to yield as
// its page comes (one page in memory at a time), until yield returns false.
func (c *Client) EachUserCertificate(ctx context.Context, filter UserCertificateFilter, yield func(UserCertificate) bool) error {
	l, err := certificateListing(filter)
	if err != nil {
		return err
	}
	return streamAll(ctx, c, l, yield)
}

func certificateListing(filter UserCertificateFilter) (listing[UserCertificate], error) {
	orderType := filter.OrderType
	switch orderType {
	case "":
		orderType = OrderTypeCert
	case OrderTypeCert, OrderTypeUpload:
	default:
		return listing[UserCertificate]{}, fmt.Errorf("ListUserCertificateOrder: order type %q lists orders, not certificates: use %s or %s",
			orderType, OrderTypeCert, OrderTypeUpload)
	}
	return listing[UserCertificate]{action: "ListUserCertificateOrder", items: "CertificateOrderList",
		idName: "CertificateId", id: func(uc UserCertificate) *Int64 { return uc.CertificateID },
		query: map[string]string{"OrderType": orderType, "Status": filter.Status, "Keyword": filter.Keyword,
			"ResourceGroupId": filter.ResourceGroupID}}, nil
}

// UserCertificateDetail is one certificate as GetUserCertificateDetail
// returns it. Cert and Key (the private key: never log it) are nil when
// asked without content. A nil field was absent from the answer.
type UserCertificateDetail struct {
	OddValues                   // fields left absent because their value was odd
	ID              *Int64      `json:"Id"`
	Name            *String     `json:"Name"`
	CertIdentifier  *String     `json:"CertIdentifier"` // "<Id>-cn-hangzhou", as ALB, CDN and WAF name it
	Common          *String     `json:"Common"`
	Sans            *String     `json:"Sans"`
	Algorithm       *String     `json:"Algorithm"`
	Issuer          *String     `json:"Issuer"`
	SerialNo        *String     `json:"SerialNo"`
	Fingerprint     *String     `json:"Fingerprint"`
	Sha2            *String     `json:"Sha2"`
	CertSha2        *String     `json:"CertSha2"`
	StartDate       *Date       `json:"StartDate"`
	EndDate         *Date       `json:"EndDate"`
	NotBefore       *Int64      `json:"NotBefore"` // milliseconds; see Instant
	NotAfter        *Int64      `json:"NotAfter"`
	Expired         *Bool       `json:"Expired"`
	BuyInAliyun     *Bool       `json:"BuyInAliyun"`
	OrderID         *Int64      `json:"OrderId"`
	InstanceID      *String     `json:"InstanceId"`
	ResourceGroupID *String     `json:"ResourceGroupId"`
	OrgName         *String     `json:"OrgName"`
	Country         *String     `json:"Country"`
	Province        *String     `json:"Province"`
	City            *String     `json:"City"`
	Cert            *String     `json:"Cert"` // PEM, the chain included
	Key             *String     `json:"Key"`  // PEM private key
	CertChain       []CertChain `json:"CertChain"`
	Tags            []Tag       `json:"Tags"`
}

// Tag is one tag of a certificate.
type Tag struct {
	Key   *String `json:"Key"`
	Value *String `json:"Value"`
}

// CertChain is one certificate of a detail's chain.
type CertChain struct {
	CommonName       *String `json:"CommonName"`
	IssuerCommonName *String `json:"IssuerCommonName"`
	NotBefore        *Int64  `json:"NotBefore"`
	NotAfter         *Int64  `json:"NotAfter"`
	RemainDay        *Int64  `json:"RemainDay"`
}

// GetUserCertificateDetail returns one certificate; withContent asks for
// its PEM and private key too (CertFilter false).
func (c *Client) GetUserCertificateDetail(ctx context.Context, certID int64, withContent bool) (*UserCertificateDetail, error) {
	const action = "GetUserCertificateDetail"
	query := certQuery(certID)
	query["CertFilter"] = strconv.FormatBool(!withContent)
	var body struct {
		envelope
		UserCertificateDetail
	}
	if _, err := c.call(ctx, action, request{query: query}, &body); err != nil {
		return nil, err
	}
	if body.ID == nil {
		return nil, &NotFoundError{Action: action, What: fmt.Sprintf("certificate %d", certID), RequestID: string(body.RequestID)}
	}
	return &body.UserCertificateDetail, nil
}

// UploadUserCertificateRequest is a certificate to upload: its PEM (the
// chain included) and its private key's.
type UploadUserCertificateRequest struct {
	Name            string // unique in the account, up to 63 letters, digits and _
	Cert, Key       string // PEM
	ResourceGroupID string
}

// UploadedCertificate is what UploadUserCertificate answers.
type UploadedCertificate struct {
	CertID     int64
	ResourceID string // the certificate's instance ID, e.g. cas-upload-xki1d0
}

// UploadUserCertificate uploads a certificate and its key. The PEM goes in
// the form body, not the query string: a chain and key exceed URL limits.
func (c *Client) UploadUserCertificate(ctx context.Context, req UploadUserCertificateRequest) (*UploadedCertificate, error) {
	const action = "UploadUserCertificate"
	query := map[string]string{"Name": req.Name}
	if req.ResourceGroupID != "" {
		query["ResourceGroupId"] = req.ResourceGroupID
	}
	var body struct {
		envelope
		CertID     *Int64  `json:"CertId"`
		ResourceID *String `json:"ResourceId"`
	}
	raw, err := c.call(ctx, action, request{query: query, form: map[string]string{"Cert": req.Cert, "Key": req.Key}}, &body)
	if err != nil {
		return nil, err
	}
	if body.CertID == nil {
		return nil, &ResponseError{Action: action, StatusCode: raw.status, RequestID: string(body.RequestID), Reason: "the answer has no CertId"}
	}
	up := &UploadedCertificate{CertID: int64(*body.CertID)}
	if body.ResourceID != nil {
		up.ResourceID = string(*body.ResourceID)
	}
	return up, nil
}

// DeleteUserCertificate deletes an uploaded, expired or revoked certificate.
func (c *Client) DeleteUserCertificate(ctx context.Context, certID int64) error {
	return c.write(ctx, "DeleteUserCertificate", certQuery(certID))
}

func certQuery(certID int64) map[string]string {
	return map[string]string{"CertId": strconv.FormatInt(certID, 10)}
}

// NormalFingerprint is a SHA-1 fingerprint as upper-case hex without
// colons, as CAS answers it; ok is false for anything that is not one.
func NormalFingerprint(s string) (string, bool) {
	s = strings.ToUpper(strings.ReplaceAll(strings.TrimSpace(s), ":", ""))
	if len(s) != 40 {
		return "", false
	}
	if _, err := hex.DecodeString(s); err != nil {
		return "", false
	}
	return s, true
}
