package emulator

import (
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"
)

// chinaTime is the zone of the dates (StartDate, EndDate) CAS shows.
var chinaTime = time.FixedZone("CST", 8*60*60)

func date(t time.Time) string { return t.In(chinaTime).Format(time.DateOnly) }

// certificateOrder is a certificate as ListUserCertificateOrder lists it
// with OrderType CERT or UPLOAD.
type certificateOrder struct {
	CertificateID int64  `json:"CertificateId"`
	Name          string `json:"Name"`
	CommonName    string `json:"CommonName"`
	Sans          string `json:"Sans"`
	StartDate     string `json:"StartDate"`
	EndDate       string `json:"EndDate"`
	Expired       bool   `json:"Expired"`
	Fingerprint   string `json:"Fingerprint"`
	Sha2          string `json:"Sha2"`
	Issuer        string `json:"Issuer"`
	SerialNo      string `json:"SerialNo"`
	InstanceID    string `json:"InstanceId"`
	Upload        bool   `json:"Upload"`
	OrgName       string `json:"OrgName,omitempty"`
	Country       string `json:"Country,omitempty"`
	Province      string `json:"Province,omitempty"`
	City          string `json:"City,omitempty"`
}

// listUserCertificateOrder lists certificates for OrderType CERT (all) or
// UPLOAD (uploaded ones); without Status only valid ones (issued or about
// to expire), as documented. Orders (CPACK, the default, and BUY) are not
// modelled: the list is empty.
func (s *Server) listUserCertificateOrder(c *call) (any, error) {
	page, size, err := c.paging(defaultCertificateShowSize)
	if err != nil {
		return nil, err
	}
	orderType := c.params.Get("OrderType")
	if orderType == "" {
		orderType = "CPACK"
	}
	switch orderType {
	case "CPACK", "BUY", "CERT", "UPLOAD":
	default:
		return nil, invalid("OrderType", fmt.Sprintf("%q is not one of CPACK, BUY, UPLOAD, CERT", orderType))
	}
	status, keyword := strings.ToUpper(c.params.Get("Status")), strings.ToLower(c.params.Get("Keyword"))
	now, unlock := s.lockAccount()
	defer unlock()
	var matching []*certificate
	ids := sortedKeys(s.account.certificates)
	slices.Reverse(ids) // newest first
	for _, id := range ids {
		cert := s.account.certificates[id]
		state := cert.state(now)
		switch {
		case orderType != "CERT" && orderType != "UPLOAD",
			orderType == "UPLOAD" && !cert.uploaded,
			status == "" && state != "ISSUED" && state != "WILLEXPIRED",
			status != "" && state != status,
			keyword != "" && !cert.matchesKeyword(keyword):
			continue
		}
		matching = append(matching, cert)
	}
	// Records for the page only: a large account is listed in many pages.
	records := []certificateOrder{}
	for _, cert := range pageOf(matching, page, size) {
		records = append(records, certificateOrder{
			CertificateID: cert.id, Name: cert.name, CommonName: cert.commonName, Sans: strings.Join(cert.sans, ","),
			StartDate: date(cert.notBefore), EndDate: date(cert.notAfter), Expired: cert.state(now) == "EXPIRED",
			Fingerprint: cert.fingerprint, Sha2: cert.sha2, Issuer: cert.issuer, SerialNo: cert.serial,
			InstanceID: cert.instanceID, Upload: cert.uploaded,
			OrgName: cert.orgName, Country: cert.country, Province: cert.province, City: cert.city,
		})
	}
	return struct {
		CertificateOrderList []certificateOrder `json:"CertificateOrderList"`
		CurrentPage          int                `json:"CurrentPage"`
		ShowSize             int                `json:"ShowSize"`
		TotalCount           int                `json:"TotalCount"`
		RequestID            string             `json:"RequestId"`
	}{records, page, size, len(matching), c.requestID}, nil
}

// matchesKeyword reports whether a lower-case keyword is part of the
// certificate's name, one of its domains or its instance ID.
func (c *certificate) matchesKeyword(keyword string) bool {
	for _, v := range append([]string{c.name, c.commonName, c.instanceID}, c.sans...) {
		if strings.Contains(strings.ToLower(v), keyword) {
			return true
		}
	}
	return false
}

type chainEntry struct {
	CommonName       string `json:"CommonName"`
	IssuerCommonName string `json:"IssuerCommonName"`
	NotBefore        int64  `json:"NotBefore"`
	NotAfter         int64  `json:"NotAfter"`
	RemainDay        int    `json:"RemainDay"`
}

type certificateDetail struct {
	ID             int64        `json:"Id"`
	Name           string       `json:"Name"`
	Common         string       `json:"Common"`
	Sans           string       `json:"Sans"`
	Issuer         string       `json:"Issuer"`
	StartDate      string       `json:"StartDate"`
	EndDate        string       `json:"EndDate"`
	NotBefore      int64        `json:"NotBefore"`
	NotAfter       int64        `json:"NotAfter"`
	Expired        bool         `json:"Expired"`
	Fingerprint    string       `json:"Fingerprint"`
	Sha2           string       `json:"Sha2"`
	SerialNo       string       `json:"SerialNo"`
	Algorithm      string       `json:"Algorithm"`
	CertIdentifier string       `json:"CertIdentifier"`
	InstanceID     string       `json:"InstanceId"`
	OrderID        int64        `json:"OrderId,omitempty"`
	BuyInAliyun    bool         `json:"BuyInAliyun"`
	OrgName        string       `json:"OrgName,omitempty"`
	Country        string       `json:"Country,omitempty"`
	Province       string       `json:"Province,omitempty"`
	City           string       `json:"City,omitempty"`
	CertChain      []chainEntry `json:"CertChain"`
	Cert           string       `json:"Cert,omitempty"`
	Key            string       `json:"Key,omitempty"`
	RequestID      string       `json:"RequestId"`
}

// getUserCertificateDetail answers one certificate, with its PEM and key
// unless CertFilter is true.
func (s *Server) getUserCertificateDetail(c *call) (any, error) {
	id, err := c.positiveInt64("CertId")
	if err != nil {
		return nil, err
	}
	withPEM := true
	if v := c.params.Get("CertFilter"); v != "" {
		filter, perr := strconv.ParseBool(v)
		if perr != nil {
			return nil, invalid("CertFilter", fmt.Sprintf("%q is not true or false", v))
		}
		withPEM = !filter
	}
	now, unlock := s.lockAccount()
	defer unlock()
	cert := s.account.certificates[id]
	if cert == nil {
		return nil, refCertificateNotFound.with(id)
	}
	d := certificateDetail{
		ID: cert.id, Name: cert.name, Common: cert.commonName, Sans: strings.Join(cert.sans, ","), Issuer: cert.issuer,
		StartDate: date(cert.notBefore), EndDate: date(cert.notAfter), NotBefore: ms(cert.notBefore), NotAfter: ms(cert.notAfter),
		Expired: cert.state(now) == "EXPIRED", Fingerprint: cert.fingerprint, Sha2: cert.sha2, SerialNo: cert.serial,
		Algorithm: cert.algorithm, CertIdentifier: strconv.FormatInt(cert.id, 10) + "-cn-hangzhou", InstanceID: cert.instanceID,
		OrderID: cert.orderID, BuyInAliyun: !cert.uploaded,
		OrgName: cert.orgName, Country: cert.country, Province: cert.province, City: cert.city,
		CertChain: []chainEntry{}, RequestID: c.requestID,
	}
	chain, certPEM, keyPEM, err := cert.content()
	if err != nil {
		return nil, err
	}
	for _, x := range chain {
		d.CertChain = append(d.CertChain, chainEntry{x.Subject.CommonName, x.Issuer.CommonName,
			ms(x.NotBefore), ms(x.NotAfter), max(0, int(x.NotAfter.Sub(now).Hours()/24))})
	}
	if withPEM {
		d.Cert, d.Key = certPEM, keyPEM
	}
	return d, nil
}

// maxCertificateName is the longest Name UploadUserCertificate takes.
const maxCertificateName = 64

// uploadUserCertificate stores a PEM certificate and its key under a name
// no other certificate of the account has. Cert and Key may come in the
// query or in a form body (too long for a URL in practice).
func (s *Server) uploadUserCertificate(c *call) (any, error) {
	name, err := c.required("Name")
	if err != nil {
		return nil, err
	}
	if len([]rune(name)) > maxCertificateName {
		return nil, invalid("Name", fmt.Sprintf("it is longer than %d characters", maxCertificateName))
	}
	if c.params.Get("Cert") == "" && (c.params.Get("SignCert") != "" || c.params.Get("EncryptCert") != "") {
		return nil, refUnsupported.with("SM2 certificates (SignCert, EncryptCert) are not modelled")
	}
	certPEM, err := c.required("Cert")
	if err != nil {
		return nil, err
	}
	keyPEM, err := c.required("Key")
	if err != nil {
		return nil, err
	}
	_, unlock := s.lockAccount()
	defer unlock()
	a := s.account
	for _, other := range a.certificates {
		if other.name == name {
			return nil, refNameTaken.with()
		}
	}
	cert, err := parseCertificate(certPEM, keyPEM)
	if err != nil {
		return nil, err
	}
	cert.id, cert.name, cert.uploaded = a.nextCertID, name, true
	cert.instanceID = fmt.Sprintf("cas-upload-%06x", cert.id&0xffffff)
	a.nextCertID++
	a.certificates[cert.id] = cert
	return struct {
		CertID     int64  `json:"CertId"`
		ResourceID string `json:"ResourceId"`
		RequestID  string `json:"RequestId"`
	}{cert.id, cert.instanceID, c.requestID}, nil
}

// deleteUserCertificate deletes an uploaded, expired or revoked certificate
// that no unfinished job deploys. Resources that carry it keep their copy.
func (s *Server) deleteUserCertificate(c *call) (any, error) {
	id, err := c.positiveInt64("CertId")
	if err != nil {
		return nil, err
	}
	now, unlock := s.lockAccount()
	defer unlock()
	a := s.account
	cert := a.certificates[id]
	if cert == nil {
		return nil, refCertificateNotFound.with(id)
	}
	if state := cert.state(now); !cert.uploaded && (state == "ISSUED" || state == "WILLEXPIRED") {
		return nil, refCertificateNotDeletable.with(id)
	}
	if j := a.unfinishedJobUsing(id); j != nil {
		return nil, refCertificateInUse.with(id, j.id)
	}
	delete(a.certificates, id)
	return requestOnly{c.requestID}, nil
}
