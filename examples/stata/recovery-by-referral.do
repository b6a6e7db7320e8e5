* Recovery by source of referral, NHS Talking Therapies (IAPT) demographics and referral table.
* Loads the variables it needs straight from the TRE database, derives recovery and tabulates it.
version 17
clear all
set more off

#delimit ;
odbc load,
    exec("SELECT pathwayid, cohortkey_e, referralrequestreceiveddate, servdischdate, endcode,
                 treatmentcarecontact_count, phq9_firstscore, phq9_lastscore,
                 gad_firstscore, gad_lastscore, recovery_flag, sourceofreferralmh
          FROM [LLC_1234].[nhsd_IAPT_demographics_and_referral_v0003]
          WHERE servdischdate IS NOT NULL")
    dsn(LLC_DB) clear ;
#delimit cr

* Finished a course of treatment: two or more treatment contacts (NHS England's definition).
keep if treatmentcarecontact_count >= 2 & endcode == "46"

* At caseness at the start: PHQ-9 of 10 or more, or GAD-7 of 8 or more.
gen byte caseness = phq9_firstscore >= 10 | gad_firstscore >= 8
gen byte recovered = caseness & phq9_lastscore < 10 & gad_lastscore < 8 ///
    if !missing(phq9_lastscore, gad_lastscore)
label variable recovered "Moved to recovery (derived)"

* Compare with the published flag.
tabulate recovered recovery_flag if caseness, missing

bysort sourceofreferralmh: egen n_referrals = count(pathwayid)
tabulate sourceofreferralmh recovered if caseness, row nofreq
summarize phq9_* gad_*, detail
