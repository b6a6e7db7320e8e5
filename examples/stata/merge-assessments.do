* PHQ-9 scores per session joined to the referral details: two tables saved earlier as .dta files.
* Both files are named after their catalogue tables, so their variables are known.
version 17
global data "S:/LLC_1234/data"

use "$data/IAPT_coded_scored_assessments_v0003.dta", clear
keep pathwayid codedasstooltype persscore asstoolcompdate
rename persscore score
tempfile scores
save `scores'

use "$data/IAPT_demographics_and_referral_v0003.dta", clear
keep pathwayid cohortkey_e referralrequestreceiveddate phq9_firstscore phq9_lastscore endcode
merge 1:m pathwayid using `scores', keep(match) nogenerate

* Days from referral to each assessment.
gen days = asstoolcompdate - referralrequestreceiveddate
bysort pathwayid (asstoolcompdate): gen session = _n
preserve
    collapse (max) sessions = session, by(pathwayid)
    summarize sessions
restore
list pathwayid session days score in 1/20, sepby(pathwayid)
regress score c.days i.session if session <= 6, vce(cluster pathwayid)
