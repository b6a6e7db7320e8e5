// SYNTAX TEST "source.stata" "Stata do-file grammar"
* a star comment at the start of a line
// <- comment.line.star.stata
tab endcode // a line comment
// <--- keyword.other.command.stata
//          ^^^^^^^^^^^^^^^^^ comment.line.double-slash.stata
gen recovered = phq9_lastscore < 10 /* block */ ///
// <--- keyword.other.command.stata
//  ^^^^^^^^^ - keyword
//            ^ keyword.operator.assignment.stata
//                             ^ keyword.operator.comparison.stata
//                               ^^ constant.numeric.stata
//                                  ^^^^^^^^^^^ comment.block.stata
//                                              ^^^ comment.line.continuation.stata
tab endcode if endcode == "10" in 1/20
//          ^^ keyword.other.qualifier.stata
//                     ^^ keyword.operator.comparison.stata
//                         ^^ string.quoted.double.stata
//                             ^^ keyword.other.qualifier.stata
bysort pathwayid: quietly egen m = mean(phq9_firstscore)
// <------ keyword.control.prefix.stata
//              ^ punctuation.separator.prefix.stata
//                ^^^^^^^ keyword.control.prefix.stata
//                        ^^^^ keyword.other.command.stata
//                                 ^^^^ support.function.stata
capture drop m
// <------- keyword.control.prefix.stata
//      ^^^^ keyword.other.command.stata
local tables "demographics"
// <----- storage.type.macro.stata
//    ^^^^^^ entity.name.variable.macro.stata
summarize `vars' $controls ${dir}
// <--------- keyword.other.command.stata
//        ^^^^^^ variable.other.macro.local.stata
//               ^^^^^^^^^ variable.other.macro.global.stata
//                         ^^^^^^ variable.other.macro.global.stata
odbc load, exec(`"SELECT "x" FROM `t'"') dsn("LLC_DB") clear
// <---- keyword.other.command.stata
//              ^^ punctuation.definition.string.begin.stata
//                ^^^^^^^^^^^^^^^^ string.quoted.compound.stata
//                                ^^^ variable.other.macro.local.stata
//                                   ^^ punctuation.definition.string.end.stata
foreach v of varlist phq9_* {
// <------- keyword.control.flow.stata
    replace `v' = . if `v' > 27
//  ^^^^^^^ keyword.other.command.stata
//                ^ constant.language.missing.stata
//                  ^^ keyword.other.qualifier.stata
//                           ^^ constant.numeric.stata
}
#delimit ;
// <-------- keyword.other.directive.delimit.stata
//       ^ constant.language.delimiter.stata
regress phq9_lastscore i.gender##c.phq9_firstscore, robust ;
// <------- keyword.other.command.stata
//                             ^^ keyword.operator.factor.stata
//      ^^^^^^^^^^^^^^ - string
#delimit cr
gen byte flag = 1.5e3 * 2
//  ^^^^ storage.type.stata
//              ^^^^^ constant.numeric.stata
//                    ^ keyword.operator.arithmetic.stata
