/* The doctor's DNSSEC probe (R-DNSSEC-*): validates, from the trust
 * anchor, each lookup the CA makes for the name (CAA at the label that
 * decided the walk, A, AAAA, TXT of _acme-challenge), first as the
 * resolver hands the data over (DO, CD), then as each authoritative
 * server of the zone serves it (dnssec/servers.h), and hands the verdicts
 * to diagnose_dnssec (dnssec_diagnose.h), which writes the findings.
 * This file does the I/O and decides nothing. */
#ifndef ACMEPROBE_CHECK_DNSSEC_DOCTOR_H
#define ACMEPROBE_CHECK_DNSSEC_DOCTOR_H

#include <stddef.h>
#include <stdint.h>

#include "check/doctor.h"
#include "check/findings.h"
#include "check/nsprobe.h"
#include "dnssec/session.h"

/* Probes and diagnoses. `caa_name` is the label the CAA walk decided at
 * (or failed at), `name` the name checked (without a "*."), `identifier`
 * its text as Let's Encrypt writes it, `ns` the nameserver probe's report
 * (its zone's servers are asked). Returns the number of error findings
 * added; -1 when the resolver or memory fails (errno set). */
int doctor_dnssec(const struct doctor_config *cfg, struct dnssec_session *s,
		  const uint8_t *caa_name, const uint8_t *name, const char *identifier,
		  const struct nsprobe_report *ns, struct findings *f);

#endif
