/*
 * stmt_eval: the statements of the month and the year (app/period.c,
 * app/eval.c, app/tasks.c, app/year.c), kept apart from the main registry.
 * Same rules as stmt.h (?N parameters, CAST for untyped NULL tests, ON
 * CONFLICT upserts, no RETURNING, no SQLite-only functions). X(id, sql)
 *
 * The month's evaluations are reached through their periods
 * (`period_id IN (SELECT id FROM periods WHERE …)`), which uses the
 * UNIQUE (period_id, person_id) index; a person's month through UNIQUE
 * (person_id, year, month).
 */
#ifndef CANBO_STMT_EVAL_H
#define CANBO_STMT_EVAL_H

#define EVAL_MONTH_PERIODS                                                               \
	"(SELECT id FROM periods WHERE kind = 'month' AND year = ?1 AND month = ?2)"

/* Columns of an evaluation as read back (eval_row_t), in order. */
#define EVAL_ROW_COLS                                                                    \
	"e.id, e.period_id, e.person_id, e.unit_id, e.framework_version_id, e.reviewer_id,"  \
	" e.decider_id, e.year, e.month, p.code, p.full_name, u.code,"                       \
	" (SELECT uv.name FROM unit_versions uv WHERE uv.unit_id = e.unit_id AND"            \
	" uv.valid_from < pe.ends ORDER BY uv.valid_from DESC LIMIT 1), e.position,"         \
	" e.category, e.leader_level, e.group_code, e.status, rp.code, rp.full_name,"        \
	" dp.code, dp.full_name, e.is_leader, e.self_total, e.review_total, e.final_total,"  \
	" e.candidate, e.top_granted, e.grade_band, e.grade_code, e.grade_label,"            \
	" e.grade_reason, e.decision_reason, e.membership, e.days_in_post, e.days_in_month," \
	" e.late, e.objection_until, e.updated_at, e.version, (SELECT COUNT(*) FROM"         \
	" objections o"                                                                      \
	" WHERE o.evaluation_id = e.id AND o.answered_at IS NULL) "                          \
	"FROM evaluations e JOIN periods pe ON pe.id = e.period_id"                          \
	" JOIN people p ON p.id = e.person_id JOIN units u ON u.id = e.unit_id"              \
	" LEFT JOIN people rp ON rp.id = e.reviewer_id"                                      \
	" LEFT JOIN people dp ON dp.id = e.decider_id "

/* Brief columns of the month's evaluations (bulk steps): no join, so that
 * a province's month reads its evaluations and nothing else; codes and
 * names are looked up for the rows that need them. */
#define EVAL_BRIEF_COLS                                                                  \
	"e.id, e.person_id, e.unit_id, e.framework_version_id, e.is_leader, e.reviewer_id,"  \
	" e.decider_id, e.status, e.version, e.self_total, e.review_total, e.final_total,"   \
	" e.grade_band, e.top_granted, e.candidate, e.group_code, e.late,"                   \
	" e.objection_until, e.category "

/* Columns of a task (tasks.c task_row_t / eval.c items). */
#define TASK_COLS                                                                        \
	"t.id, t.evaluation_id, t.title, t.coef, t.assigned_at, t.deadline, t.completed_at," \
	" t.passed, t.reviews_failed, t.reviews_waived, t.delays, t.delays_waived,"          \
	" t.waiver_reason, t.assigned_by, t.waived_by, wp.code, ab.code, wb.code "           \
	"FROM tasks t LEFT JOIN work_products wp ON wp.id = t.product_id"                    \
	" LEFT JOIN people ab ON ab.id = t.assigned_by LEFT JOIN people wb ON wb.id = t.waived_by "

/* Sixty-four rows at once for the bulk steps (thirty-two evaluations, to
 * keep the text under 4,095 characters): one statement instead of
 * sixty-four, as the per-statement cost of SQLite is about that of a row. The
 * values shared by every row of a bulk step (the period, the month and the
 * time of an opening; the step and reason of scores; the actor and the time
 * of steps) are bound once per statement, in the first parameters:
 *   EVAL_INSERT32      ?1 period_id, ?2 year, ?3 month, ?4 days_in_month,
 *                      ?5 updated_at; then per row person_id, unit_id,
 *                      assignment_id, position, framework_version_id,
 *                      category, is_leader, leader_level, group_code,
 *                      reviewer_id, decider_id, days_in_post, membership
 *   EVAL_SCORE_INSERT64  ?1 step, ?2 reason; per row evaluation_id,
 *                      criterion, points
 *   EVAL_STEP_INSERT64 ?1 actor, ?2 actor_person_id, ?3 at; per row
 *                      evaluation_id, seq, step, due, late, reason */
#define EVAL_ROWS32 \
	  "(?1, ?6, ?2, ?3, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?4, ?18," \
	  " ?5), (?1, ?19, ?2, ?3, ?20, ?21, ?22, ?23, ?24, ?25, ?26, ?27, ?28, ?29, ?30," \
	  " ?4, ?31, ?5), (?1, ?32, ?2, ?3, ?33, ?34, ?35, ?36, ?37, ?38, ?39, ?40, ?41," \
	  " ?42, ?43, ?4, ?44, ?5), (?1, ?45, ?2, ?3, ?46, ?47, ?48, ?49, ?50, ?51, ?52," \
	  " ?53, ?54, ?55, ?56, ?4, ?57, ?5), (?1, ?58, ?2, ?3, ?59, ?60, ?61, ?62, ?63," \
	  " ?64, ?65, ?66, ?67, ?68, ?69, ?4, ?70, ?5), (?1, ?71, ?2, ?3, ?72, ?73, ?74," \
	  " ?75, ?76, ?77, ?78, ?79, ?80, ?81, ?82, ?4, ?83, ?5), (?1, ?84, ?2, ?3, ?85," \
	  " ?86, ?87, ?88, ?89, ?90, ?91, ?92, ?93, ?94, ?95, ?4, ?96, ?5), (?1, ?97, ?2," \
	  " ?3, ?98, ?99, ?100, ?101, ?102, ?103, ?104, ?105, ?106, ?107, ?108, ?4, ?109," \
	  " ?5), (?1, ?110, ?2, ?3, ?111, ?112, ?113, ?114, ?115, ?116, ?117, ?118, ?119," \
	  " ?120, ?121, ?4, ?122, ?5), (?1, ?123, ?2, ?3, ?124, ?125, ?126, ?127, ?128," \
	  " ?129, ?130, ?131, ?132, ?133, ?134, ?4, ?135, ?5), (?1, ?136, ?2, ?3, ?137," \
	  " ?138, ?139, ?140, ?141, ?142, ?143, ?144, ?145, ?146, ?147, ?4, ?148, ?5), (?1," \
	  " ?149, ?2, ?3, ?150, ?151, ?152, ?153, ?154, ?155, ?156, ?157, ?158, ?159, ?160," \
	  " ?4, ?161, ?5), (?1, ?162, ?2, ?3, ?163, ?164, ?165, ?166, ?167, ?168, ?169," \
	  " ?170, ?171, ?172, ?173, ?4, ?174, ?5), (?1, ?175, ?2, ?3, ?176, ?177, ?178," \
	  " ?179, ?180, ?181, ?182, ?183, ?184, ?185, ?186, ?4, ?187, ?5), (?1, ?188, ?2," \
	  " ?3, ?189, ?190, ?191, ?192, ?193, ?194, ?195, ?196, ?197, ?198, ?199, ?4, ?200," \
	  " ?5), (?1, ?201, ?2, ?3, ?202, ?203, ?204, ?205, ?206, ?207, ?208, ?209, ?210," \
	  " ?211, ?212, ?4, ?213, ?5), (?1, ?214, ?2, ?3, ?215, ?216, ?217, ?218, ?219," \
	  " ?220, ?221, ?222, ?223, ?224, ?225, ?4, ?226, ?5), (?1, ?227, ?2, ?3, ?228," \
	  " ?229, ?230, ?231, ?232, ?233, ?234, ?235, ?236, ?237, ?238, ?4, ?239, ?5), (?1," \
	  " ?240, ?2, ?3, ?241, ?242, ?243, ?244, ?245, ?246, ?247, ?248, ?249, ?250, ?251," \
	  " ?4, ?252, ?5), (?1, ?253, ?2, ?3, ?254, ?255, ?256, ?257, ?258, ?259, ?260," \
	  " ?261, ?262, ?263, ?264, ?4, ?265, ?5), (?1, ?266, ?2, ?3, ?267, ?268, ?269," \
	  " ?270, ?271, ?272, ?273, ?274, ?275, ?276, ?277, ?4, ?278, ?5), (?1, ?279, ?2," \
	  " ?3, ?280, ?281, ?282, ?283, ?284, ?285, ?286, ?287, ?288, ?289, ?290, ?4, ?291," \
	  " ?5), (?1, ?292, ?2, ?3, ?293, ?294, ?295, ?296, ?297, ?298, ?299, ?300, ?301," \
	  " ?302, ?303, ?4, ?304, ?5), (?1, ?305, ?2, ?3, ?306, ?307, ?308, ?309, ?310," \
	  " ?311, ?312, ?313, ?314, ?315, ?316, ?4, ?317, ?5), (?1, ?318, ?2, ?3, ?319," \
	  " ?320, ?321, ?322, ?323, ?324, ?325, ?326, ?327, ?328, ?329, ?4, ?330, ?5), (?1," \
	  " ?331, ?2, ?3, ?332, ?333, ?334, ?335, ?336, ?337, ?338, ?339, ?340, ?341, ?342," \
	  " ?4, ?343, ?5), (?1, ?344, ?2, ?3, ?345, ?346, ?347, ?348, ?349, ?350, ?351," \
	  " ?352, ?353, ?354, ?355, ?4, ?356, ?5), (?1, ?357, ?2, ?3, ?358, ?359, ?360," \
	  " ?361, ?362, ?363, ?364, ?365, ?366, ?367, ?368, ?4, ?369, ?5), (?1, ?370, ?2," \
	  " ?3, ?371, ?372, ?373, ?374, ?375, ?376, ?377, ?378, ?379, ?380, ?381, ?4, ?382," \
	  " ?5), (?1, ?383, ?2, ?3, ?384, ?385, ?386, ?387, ?388, ?389, ?390, ?391, ?392," \
	  " ?393, ?394, ?4, ?395, ?5), (?1, ?396, ?2, ?3, ?397, ?398, ?399, ?400, ?401," \
	  " ?402, ?403, ?404, ?405, ?406, ?407, ?4, ?408, ?5), (?1, ?409, ?2, ?3, ?410," \
	  " ?411, ?412, ?413, ?414, ?415, ?416, ?417, ?418, ?419, ?420, ?4, ?421, ?5)"

#define EVAL_SCORE_ROWS64 \
	  "(?3, ?1, ?4, ?5, ?2), (?6, ?1, ?7, ?8, ?2), (?9, ?1, ?10, ?11, ?2), (?12, ?1," \
	  " ?13, ?14, ?2), (?15, ?1, ?16, ?17, ?2), (?18, ?1, ?19, ?20, ?2), (?21, ?1, ?22," \
	  " ?23, ?2), (?24, ?1, ?25, ?26, ?2), (?27, ?1, ?28, ?29, ?2), (?30, ?1, ?31, ?32," \
	  " ?2), (?33, ?1, ?34, ?35, ?2), (?36, ?1, ?37, ?38, ?2), (?39, ?1, ?40, ?41, ?2)," \
	  " (?42, ?1, ?43, ?44, ?2), (?45, ?1, ?46, ?47, ?2), (?48, ?1, ?49, ?50, ?2), (?51," \
	  " ?1, ?52, ?53, ?2), (?54, ?1, ?55, ?56, ?2), (?57, ?1, ?58, ?59, ?2), (?60, ?1," \
	  " ?61, ?62, ?2), (?63, ?1, ?64, ?65, ?2), (?66, ?1, ?67, ?68, ?2), (?69, ?1, ?70," \
	  " ?71, ?2), (?72, ?1, ?73, ?74, ?2), (?75, ?1, ?76, ?77, ?2), (?78, ?1, ?79, ?80," \
	  " ?2), (?81, ?1, ?82, ?83, ?2), (?84, ?1, ?85, ?86, ?2), (?87, ?1, ?88, ?89, ?2)," \
	  " (?90, ?1, ?91, ?92, ?2), (?93, ?1, ?94, ?95, ?2), (?96, ?1, ?97, ?98, ?2), (?99," \
	  " ?1, ?100, ?101, ?2), (?102, ?1, ?103, ?104, ?2), (?105, ?1, ?106, ?107, ?2)," \
	  " (?108, ?1, ?109, ?110, ?2), (?111, ?1, ?112, ?113, ?2), (?114, ?1, ?115, ?116," \
	  " ?2), (?117, ?1, ?118, ?119, ?2), (?120, ?1, ?121, ?122, ?2), (?123, ?1, ?124," \
	  " ?125, ?2), (?126, ?1, ?127, ?128, ?2), (?129, ?1, ?130, ?131, ?2), (?132, ?1," \
	  " ?133, ?134, ?2), (?135, ?1, ?136, ?137, ?2), (?138, ?1, ?139, ?140, ?2), (?141," \
	  " ?1, ?142, ?143, ?2), (?144, ?1, ?145, ?146, ?2), (?147, ?1, ?148, ?149, ?2)," \
	  " (?150, ?1, ?151, ?152, ?2), (?153, ?1, ?154, ?155, ?2), (?156, ?1, ?157, ?158," \
	  " ?2), (?159, ?1, ?160, ?161, ?2), (?162, ?1, ?163, ?164, ?2), (?165, ?1, ?166," \
	  " ?167, ?2), (?168, ?1, ?169, ?170, ?2), (?171, ?1, ?172, ?173, ?2), (?174, ?1," \
	  " ?175, ?176, ?2), (?177, ?1, ?178, ?179, ?2), (?180, ?1, ?181, ?182, ?2), (?183," \
	  " ?1, ?184, ?185, ?2), (?186, ?1, ?187, ?188, ?2), (?189, ?1, ?190, ?191, ?2)," \
	  " (?192, ?1, ?193, ?194, ?2)"

#define EVAL_STEP_ROWS64 \
	  "(?4, ?5, ?6, ?1, ?2, ?3, ?7, ?8, ?9), (?10, ?11, ?12, ?1, ?2, ?3, ?13, ?14," \
	  " ?15), (?16, ?17, ?18, ?1, ?2, ?3, ?19, ?20, ?21), (?22, ?23, ?24, ?1, ?2, ?3," \
	  " ?25, ?26, ?27), (?28, ?29, ?30, ?1, ?2, ?3, ?31, ?32, ?33), (?34, ?35, ?36, ?1," \
	  " ?2, ?3, ?37, ?38, ?39), (?40, ?41, ?42, ?1, ?2, ?3, ?43, ?44, ?45), (?46, ?47," \
	  " ?48, ?1, ?2, ?3, ?49, ?50, ?51), (?52, ?53, ?54, ?1, ?2, ?3, ?55, ?56, ?57)," \
	  " (?58, ?59, ?60, ?1, ?2, ?3, ?61, ?62, ?63), (?64, ?65, ?66, ?1, ?2, ?3, ?67," \
	  " ?68, ?69), (?70, ?71, ?72, ?1, ?2, ?3, ?73, ?74, ?75), (?76, ?77, ?78, ?1, ?2," \
	  " ?3, ?79, ?80, ?81), (?82, ?83, ?84, ?1, ?2, ?3, ?85, ?86, ?87), (?88, ?89, ?90," \
	  " ?1, ?2, ?3, ?91, ?92, ?93), (?94, ?95, ?96, ?1, ?2, ?3, ?97, ?98, ?99), (?100," \
	  " ?101, ?102, ?1, ?2, ?3, ?103, ?104, ?105), (?106, ?107, ?108, ?1, ?2, ?3, ?109," \
	  " ?110, ?111), (?112, ?113, ?114, ?1, ?2, ?3, ?115, ?116, ?117), (?118, ?119," \
	  " ?120, ?1, ?2, ?3, ?121, ?122, ?123), (?124, ?125, ?126, ?1, ?2, ?3, ?127, ?128," \
	  " ?129), (?130, ?131, ?132, ?1, ?2, ?3, ?133, ?134, ?135), (?136, ?137, ?138, ?1," \
	  " ?2, ?3, ?139, ?140, ?141), (?142, ?143, ?144, ?1, ?2, ?3, ?145, ?146, ?147)," \
	  " (?148, ?149, ?150, ?1, ?2, ?3, ?151, ?152, ?153), (?154, ?155, ?156, ?1, ?2, ?3," \
	  " ?157, ?158, ?159), (?160, ?161, ?162, ?1, ?2, ?3, ?163, ?164, ?165), (?166," \
	  " ?167, ?168, ?1, ?2, ?3, ?169, ?170, ?171), (?172, ?173, ?174, ?1, ?2, ?3, ?175," \
	  " ?176, ?177), (?178, ?179, ?180, ?1, ?2, ?3, ?181, ?182, ?183), (?184, ?185," \
	  " ?186, ?1, ?2, ?3, ?187, ?188, ?189), (?190, ?191, ?192, ?1, ?2, ?3, ?193, ?194," \
	  " ?195), (?196, ?197, ?198, ?1, ?2, ?3, ?199, ?200, ?201), (?202, ?203, ?204, ?1," \
	  " ?2, ?3, ?205, ?206, ?207), (?208, ?209, ?210, ?1, ?2, ?3, ?211, ?212, ?213)," \
	  " (?214, ?215, ?216, ?1, ?2, ?3, ?217, ?218, ?219), (?220, ?221, ?222, ?1, ?2, ?3," \
	  " ?223, ?224, ?225), (?226, ?227, ?228, ?1, ?2, ?3, ?229, ?230, ?231), (?232," \
	  " ?233, ?234, ?1, ?2, ?3, ?235, ?236, ?237), (?238, ?239, ?240, ?1, ?2, ?3, ?241," \
	  " ?242, ?243), (?244, ?245, ?246, ?1, ?2, ?3, ?247, ?248, ?249), (?250, ?251," \
	  " ?252, ?1, ?2, ?3, ?253, ?254, ?255), (?256, ?257, ?258, ?1, ?2, ?3, ?259, ?260," \
	  " ?261), (?262, ?263, ?264, ?1, ?2, ?3, ?265, ?266, ?267), (?268, ?269, ?270, ?1," \
	  " ?2, ?3, ?271, ?272, ?273), (?274, ?275, ?276, ?1, ?2, ?3, ?277, ?278, ?279)," \
	  " (?280, ?281, ?282, ?1, ?2, ?3, ?283, ?284, ?285), (?286, ?287, ?288, ?1, ?2, ?3," \
	  " ?289, ?290, ?291), (?292, ?293, ?294, ?1, ?2, ?3, ?295, ?296, ?297), (?298," \
	  " ?299, ?300, ?1, ?2, ?3, ?301, ?302, ?303), (?304, ?305, ?306, ?1, ?2, ?3, ?307," \
	  " ?308, ?309), (?310, ?311, ?312, ?1, ?2, ?3, ?313, ?314, ?315), (?316, ?317," \
	  " ?318, ?1, ?2, ?3, ?319, ?320, ?321), (?322, ?323, ?324, ?1, ?2, ?3, ?325, ?326," \
	  " ?327), (?328, ?329, ?330, ?1, ?2, ?3, ?331, ?332, ?333), (?334, ?335, ?336, ?1," \
	  " ?2, ?3, ?337, ?338, ?339), (?340, ?341, ?342, ?1, ?2, ?3, ?343, ?344, ?345)," \
	  " (?346, ?347, ?348, ?1, ?2, ?3, ?349, ?350, ?351), (?352, ?353, ?354, ?1, ?2, ?3," \
	  " ?355, ?356, ?357), (?358, ?359, ?360, ?1, ?2, ?3, ?361, ?362, ?363), (?364," \
	  " ?365, ?366, ?1, ?2, ?3, ?367, ?368, ?369), (?370, ?371, ?372, ?1, ?2, ?3, ?373," \
	  " ?374, ?375), (?376, ?377, ?378, ?1, ?2, ?3, ?379, ?380, ?381), (?382, ?383," \
	  " ?384, ?1, ?2, ?3, ?385, ?386, ?387)"


#define STMT_TABLE_EVAL(X)                                                               \
	/* periods */                                                                        \
	X(STMT_PERIOD_FIND,                                                                  \
	  "SELECT id, status FROM periods WHERE unit_id = ?1 AND kind = 'month' AND"          \
	  " year = ?2 AND month = ?3")                                                        \
	X(STMT_PERIOD_INSERT,                                                                \
	  "INSERT INTO periods(unit_id, kind, year, month, starts, ends, status, opened_at,"   \
	  " opened_by, updated_at) VALUES (?1, 'month', ?2, ?3, ?4, ?5, 'open', ?6, ?7, ?6)")  \
	X(STMT_PERIOD_TOUCH, "UPDATE periods SET updated_at = ?2 WHERE id = ?1")              \
	X(STMT_PERIOD_LIST,                                                                  \
	  "SELECT pe.id, u.code, (SELECT uv.name FROM unit_versions uv WHERE"                 \
	  " uv.unit_id = pe.unit_id AND uv.valid_from < pe.ends ORDER BY uv.valid_from DESC"  \
	  " LIMIT 1), pe.year, pe.month, pe.starts, pe.status, pe.opened_at, pe.opened_by,"   \
	  " (SELECT COUNT(*) FROM evaluations e WHERE e.period_id = pe.id)"                   \
	  " FROM periods pe JOIN units u ON u.id = pe.unit_id"                                \
	  " ORDER BY pe.year DESC, pe.month DESC, u.code")                                    \
	X(STMT_EVAL_UNIT_PARENTS_AT,                                                         \
	  "SELECT unit_id, parent_id FROM unit_versions WHERE valid_from <= ?1"               \
	  " AND (valid_to IS NULL OR valid_to > ?1)")                                         \
	X(STMT_EVAL_UNIT_VERSIONS_DURING,                                                    \
	  "SELECT unit_id, parent_id, valid_from, valid_to FROM unit_versions"                \
	  " WHERE valid_from < ?2 AND (valid_to IS NULL OR valid_to > ?1)")                   \
	X(STMT_EVAL_HEADS_DURING,                                                            \
	  "SELECT unit_id, person_id, kind, valid_from, valid_to, id FROM assignments"        \
	  " WHERE leader_level = 'head' AND (kind = 'primary' OR kind = 'concurrent')"        \
	  " AND valid_from < ?2 AND (valid_to IS NULL OR valid_to > ?1)")                     \
	X(STMT_EVAL_POSTS_IN_UNIT,                                                           \
	  "SELECT a.person_id, a.id, a.unit_id, a.position, a.is_leader, a.leader_level,"     \
	  " a.valid_from, a.valid_to, p.category, p.status, p.status_from FROM assignments a" \
	  " JOIN people p ON p.id = a.person_id WHERE a.unit_id = ?1 AND a.kind = 'primary'"  \
	  " AND a.valid_from < ?3 AND (a.valid_to IS NULL OR a.valid_to > ?2)")               \
	X(STMT_EVAL_POSTS_ALL,                                                               \
	  "SELECT a.person_id, a.id, a.unit_id, a.position, a.is_leader, a.leader_level,"     \
	  " a.valid_from, a.valid_to, p.category, p.status, p.status_from FROM assignments a" \
	  " JOIN people p ON p.id = a.person_id WHERE a.kind = 'primary'"                     \
	  " AND CAST(?1 AS INTEGER) IS NOT NULL AND a.valid_from < ?3"                        \
	  " AND (a.valid_to IS NULL OR a.valid_to > ?2)")                                     \
	X(STMT_EVAL_POSTS_OF_PERSON,                                                         \
	  "SELECT a.person_id, a.id, a.unit_id, a.position, a.is_leader, a.leader_level,"     \
	  " a.valid_from, a.valid_to, p.category, p.status, p.status_from FROM assignments a" \
	  " JOIN people p ON p.id = a.person_id WHERE a.person_id = ?1"                       \
	  " AND a.kind = 'primary' AND a.valid_from < ?3"                                     \
	  " AND (a.valid_to IS NULL OR a.valid_to > ?2)")                                     \
	X(STMT_EVAL_UNIT_CODE, "SELECT code FROM units WHERE id = ?1")                        \
	X(STMT_EVAL_FW_OWNERS,                                                               \
	  "SELECT DISTINCT unit_id FROM framework_versions WHERE unit_id IS NOT NULL")        \
	X(STMT_EVAL_OF_PERIOD_BRIEF,                                                         \
	  "SELECT id, person_id, status, version, unit_id, assignment_id,"                    \
	  " framework_version_id, category, is_leader, leader_level, group_code,"             \
	  " reviewer_id, decider_id, days_in_post, membership, position FROM evaluations"     \
	  " WHERE period_id = ?1 ORDER BY person_id")                                         \
	X(STMT_EVAL_INSERT,                                                                  \
	  "INSERT INTO evaluations(period_id, person_id, year, month, unit_id, assignment_id," \
	  " position, framework_version_id, category, is_leader, leader_level, group_code,"   \
	  " reviewer_id, decider_id, days_in_post, days_in_month, membership, updated_at)"    \
	  " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16,"   \
	  " ?17, ?18) ON CONFLICT DO NOTHING")                                                \
	X(STMT_EVAL_INSERT32,                                                                \
	  "INSERT INTO evaluations(period_id, person_id, year, month, unit_id, assignment_id," \
	  " position, framework_version_id, category, is_leader, leader_level, group_code,"   \
	  " reviewer_id, decider_id, days_in_post, days_in_month, membership, updated_at)"    \
	  " VALUES " EVAL_ROWS32 " ON CONFLICT DO NOTHING")                                   \
	X(STMT_EVAL_PERSONS_OF_MONTH,                                                        \
	  "SELECT person_id, period_id FROM evaluations WHERE period_id IN "                  \
	  EVAL_MONTH_PERIODS)                                                                 \
	X(STMT_EVAL_REFRESH,                                                                 \
	  "UPDATE evaluations SET unit_id = ?3, assignment_id = ?4, position = ?5,"           \
	  " framework_version_id = ?6, category = ?7, is_leader = ?8, leader_level = ?9,"     \
	  " group_code = ?10, reviewer_id = ?11, decider_id = ?12, days_in_post = ?13,"       \
	  " membership = ?14, updated_at = ?15, version = version + 1"                        \
	  " WHERE id = ?1 AND version = ?2 AND status = 'pending'")                           \
	X(STMT_EVAL_DELETE_PENDING,                                                          \
	  "DELETE FROM evaluations WHERE id = ?1 AND status = 'pending' AND NOT EXISTS"       \
	  " (SELECT 1 FROM tasks t WHERE t.evaluation_id = ?1)")                              \
	X(STMT_EVAL_STATUS_OF_MONTH,                                                         \
	  "SELECT e.unit_id, e.status, e.late, (SELECT COUNT(*) FROM objections o"            \
	  " WHERE o.evaluation_id = e.id AND o.answered_at IS NULL) FROM evaluations e"       \
	  " WHERE e.period_id IN " EVAL_MONTH_PERIODS)                                        \
	/* reading evaluations */                                                            \
	X(STMT_EVAL_GET,                                                                     \
	  "SELECT " EVAL_ROW_COLS "WHERE e.person_id = ?1 AND e.year = ?2 AND e.month = ?3")  \
	X(STMT_EVAL_LIST_MONTH,                                                              \
	  "SELECT " EVAL_ROW_COLS "WHERE e.period_id IN " EVAL_MONTH_PERIODS                  \
	  " ORDER BY u.code, p.name_key")                                                     \
	X(STMT_EVAL_HISTORY,                                                                 \
	  "SELECT " EVAL_ROW_COLS "WHERE e.person_id = ?1 ORDER BY e.year, e.month")          \
	X(STMT_EVAL_BRIEF_MONTH,                                                             \
	  "SELECT " EVAL_BRIEF_COLS "FROM evaluations e WHERE e.period_id IN "                \
	  EVAL_MONTH_PERIODS)                                                                 \
	X(STMT_EVAL_SUBORDINATES,                                                            \
	  "SELECT e.status, e.framework_version_id, e.self_total, e.review_total,"            \
	  " e.final_total, e.grade_band FROM evaluations e WHERE e.period_id IN "             \
	  EVAL_MONTH_PERIODS " AND e.reviewer_id = ?3 AND e.person_id <> ?3")                 \
	X(STMT_EVAL_SCORES,                                                                  \
	  "SELECT step, criterion, points, reason FROM evaluation_scores"                     \
	  " WHERE evaluation_id = ?1")                                                        \
	X(STMT_EVAL_SCORE_INSERT,                                                            \
	  "INSERT INTO evaluation_scores(evaluation_id, step, criterion, points, reason)"     \
	  " VALUES (?1, ?2, ?3, ?4, ?5)")                                                     \
	X(STMT_EVAL_SCORE_INSERT64,                                                          \
	  "INSERT INTO evaluation_scores(evaluation_id, step, criterion, points, reason)"     \
	  " VALUES " EVAL_SCORE_ROWS64)                                                       \
	X(STMT_EVAL_STEP_INSERT64,                                                           \
	  "INSERT INTO evaluation_steps(evaluation_id, seq, step, actor, actor_person_id, at," \
	  " due, late, reason) VALUES " EVAL_STEP_ROWS64)                                     \
	X(STMT_EVAL_SCORES_DELETE,                                                           \
	  "DELETE FROM evaluation_scores WHERE evaluation_id = ?1 AND step = ?2")             \
	X(STMT_EVAL_STEPS,                                                                   \
	  "SELECT s.step, s.actor, p.code, s.at, s.due, s.late, s.reason"                     \
	  " FROM evaluation_steps s LEFT JOIN people p ON p.id = s.actor_person_id"           \
	  " WHERE s.evaluation_id = ?1 ORDER BY s.seq")                                       \
	X(STMT_EVAL_STEP_INSERT,                                                             \
	  "INSERT INTO evaluation_steps(evaluation_id, seq, step, actor, actor_person_id, at," \
	  " due, late, reason) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)")                   \
	X(STMT_EVAL_OBJECTIONS,                                                              \
	  "SELECT o.id, o.reason, o.at, o.answer, o.answered_at, p.code, o.outcome"           \
	  " FROM objections o LEFT JOIN people p ON p.id = o.answered_by"                     \
	  " WHERE o.evaluation_id = ?1 ORDER BY o.id")                                        \
	X(STMT_EVAL_PERSON_ID, "SELECT id FROM people WHERE code = ?1")                       \
	X(STMT_PERSON_BY_ID_BRIEF, "SELECT code, full_name FROM people WHERE id = ?1")        \
	X(STMT_OBJECTIONS_OPEN_ALL,                                                          \
	  "SELECT evaluation_id FROM objections WHERE answered_at IS NULL")                   \
	X(STMT_EVAL_SCORE_UPSERT,                                                            \
	  "INSERT INTO evaluation_scores(evaluation_id, step, criterion, points, reason)"     \
	  " VALUES (?1, ?2, ?3, ?4, ?5) ON CONFLICT (evaluation_id, step, criterion)"         \
	  " DO UPDATE SET points = excluded.points, reason = excluded.reason")                \
	/* writing steps: every update checks and bumps the version */                       \
	X(STMT_EVAL_SET_SELF,                                                                \
	  "UPDATE evaluations SET status = 'self_assessed', self_total = ?3,"                 \
	  " late = (late & 6) | ?5, updated_at = ?4, version = version + 1"                   \
	  " WHERE id = ?1 AND version = ?2")                                                  \
	X(STMT_EVAL_SET_REVIEW,                                                              \
	  "UPDATE evaluations SET status = 'reviewed', review_total = ?3,"                    \
	  " late = (late & 5) | ?5, updated_at = ?4, version = version + 1"                   \
	  " WHERE id = ?1 AND version = ?2")                                                  \
	X(STMT_EVAL_SETTING_PER_UNIT,                                                        \
	  "SELECT 1 FROM settings WHERE key = ?1 AND unit_id IS NOT NULL LIMIT 1")            \
	X(STMT_EVAL_SET_AUTOSCORE,                                                           \
	  "UPDATE evaluations SET status = ?3, self_total = ?4, review_total = ?5, late = ?6," \
	  " updated_at = ?7, version = ?8 WHERE id = ?1 AND version = ?2")                    \
	X(STMT_EVAL_SET_DECISION,                                                            \
	  "UPDATE evaluations SET status = 'decided', final_total = ?3, candidate = ?4,"      \
	  " top_granted = ?5, grade_band = ?6, grade_code = ?7, grade_label = ?8,"            \
	  " grade_reason = ?9, decision_reason = ?10, late = (late & 3) | ?12,"               \
	  " objection_until = NULL, updated_at = ?11, version = version + 1"                  \
	  " WHERE id = ?1 AND version = ?2")                                                  \
	X(STMT_EVAL_SET_PUBLISHED,                                                           \
	  "UPDATE evaluations SET status = 'published', objection_until = ?4,"                \
	  " updated_at = ?3, version = version + 1"                                           \
	  " WHERE id = ?1 AND version = ?2")                                                  \
	X(STMT_EVAL_SET_LOCKED,                                                              \
	  "UPDATE evaluations SET status = 'locked', updated_at = ?3,"                        \
	  " version = version + 1 WHERE id = ?1 AND version = ?2")                            \
	X(STMT_EVAL_SET_REOPENED,                                                            \
	  "UPDATE evaluations SET status = 'reviewed', final_total = NULL, candidate = 0,"    \
	  " top_granted = 0, grade_band = NULL, grade_code = NULL, grade_label = NULL,"       \
	  " grade_reason = NULL, decision_reason = NULL, objection_until = NULL,"             \
	  " updated_at = ?3, version = version + 1 WHERE id = ?1 AND version = ?2")           \
	X(STMT_EVAL_SET_ANSWERED,                                                            \
	  "UPDATE evaluations SET final_total = ?3, candidate = ?4, top_granted = ?5,"        \
	  " grade_band = ?6, grade_code = ?7, grade_label = ?8, grade_reason = ?9,"           \
	  " updated_at = ?10, version = version + 1 WHERE id = ?1 AND version = ?2")          \
	X(STMT_EVAL_TOUCH,                                                                   \
	  "UPDATE evaluations SET updated_at = ?3, version = version + 1"                     \
	  " WHERE id = ?1 AND version = ?2")                                                  \
	X(STMT_OBJECTION_INSERT,                                                             \
	  "INSERT INTO objections(evaluation_id, person_id, reason, at) VALUES (?1, ?2, ?3, ?4)") \
	X(STMT_OBJECTION_OPEN,                                                               \
	  "SELECT id FROM objections WHERE evaluation_id = ?1 AND answered_at IS NULL")       \
	X(STMT_OBJECTION_ANSWER,                                                             \
	  "UPDATE objections SET answer = ?2, answered_at = ?3, answered_by = ?4,"            \
	  " outcome = ?5 WHERE id = ?1 AND answered_at IS NULL")                              \
	/* disqualifiers and protections */                                                  \
	X(STMT_DISCIPLINE_INSERT,                                                            \
	  "INSERT INTO discipline(person_id, decided, level, decision_no, pending, created_at)" \
	  " VALUES (?1, ?2, ?3, ?4, ?5, ?6)")                                                 \
	X(STMT_DISCIPLINE_DURING,                                                            \
	  "SELECT person_id, decided, level, pending FROM discipline"                         \
	  " WHERE decided >= ?1 AND decided < ?2")                                            \
	X(STMT_DISCIPLINE_PENDING,                                                           \
	  "SELECT person_id FROM discipline WHERE pending = 1")                               \
	X(STMT_FLAG_INSERT,                                                                  \
	  "INSERT INTO person_flags(person_id, kind, valid_from, valid_to, note, created_at)" \
	  " VALUES (?1, ?2, ?3, ?4, ?5, ?6)")                                                 \
	X(STMT_FLAGS_DURING,                                                                 \
	  "SELECT person_id, kind, valid_from, valid_to FROM person_flags"                    \
	  " WHERE valid_from < ?2 AND (valid_to IS NULL OR valid_to > ?1)")                   \
	/* tasks and work products */                                                        \
	X(STMT_WP_INSERT,                                                                    \
	  "INSERT INTO work_products(unit_id, position, position_fold, code, name, coef,"     \
	  " created_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)")                                 \
	X(STMT_WP_FIND,                                                                      \
	  "SELECT id, coef, name FROM work_products WHERE code = ?1 AND"                      \
	  " (unit_id = ?2 OR unit_id IS NULL)"                                                \
	  " ORDER BY CASE WHEN unit_id IS NULL THEN 1 ELSE 0 END LIMIT 1")                    \
	X(STMT_WP_LIST,                                                                      \
	  "SELECT w.id, u.code, w.position, w.code, w.name, w.coef FROM work_products w"      \
	  " LEFT JOIN units u ON u.id = w.unit_id WHERE (CAST(?1 AS BIGINT) IS NULL OR"       \
	  " w.unit_id = ?1 OR w.unit_id IS NULL)"                                             \
	  " ORDER BY COALESCE(u.code, ''), w.position_fold, w.code")                          \
	X(STMT_TASK_INSERT,                                                                  \
	  "INSERT INTO tasks(evaluation_id, product_id, title, coef, assigned_by,"            \
	  " assigned_at, deadline, created_at, updated_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6,"   \
	  " ?7, ?8, ?8)")                                                                     \
	X(STMT_TASK_GET, "SELECT " TASK_COLS "WHERE t.id = ?1")                               \
	X(STMT_TASKS_OF_EVAL, "SELECT " TASK_COLS "WHERE t.evaluation_id = ?1 ORDER BY t.id") \
	X(STMT_TASKS_RANGE,                                                                  \
	  "SELECT " TASK_COLS "WHERE t.evaluation_id >= ?1 AND t.evaluation_id <= ?2"         \
	  " ORDER BY t.evaluation_id, t.id")                                                  \
	X(STMT_TASKS_PLANNED_BY,                                                             \
	  "SELECT t.completed_at, t.passed, t.delays, t.delays_waived FROM tasks t"           \
	  " JOIN evaluations e ON e.id = t.evaluation_id WHERE t.assigned_by = ?1"            \
	  " AND e.year = ?2 AND e.month = ?3 AND e.person_id <> ?1")                          \
	X(STMT_TASK_DONE,                                                                    \
	  "UPDATE tasks SET completed_at = ?2, delays = ?3, updated_at = ?4 WHERE id = ?1")   \
	X(STMT_TASK_REVIEW,                                                                  \
	  "UPDATE tasks SET passed = ?2, reviews_failed = ?3, updated_at = ?4 WHERE id = ?1") \
	X(STMT_TASK_WAIVE,                                                                   \
	  "UPDATE tasks SET reviews_waived = ?2, delays_waived = ?3, waiver_reason = ?4,"     \
	  " waived_by = ?5, updated_at = ?6 WHERE id = ?1")                                   \
	X(STMT_TASK_EVAL_STATUS,                                                             \
	  "SELECT e.status, e.person_id, e.year, e.month, e.unit_id FROM evaluations e"       \
	  " WHERE e.id = ?1")                                                                 \
	/* the year */                                                                       \
	X(STMT_ANNUAL_MONTHS,                                                                \
	  "SELECT e.person_id, e.month, e.status, e.final_total, e.unit_id, e.decider_id,"    \
	  " e.is_leader, e.category, e.days_in_post, e.days_in_month, e.grade_band,"          \
	  " e.framework_version_id FROM evaluations e WHERE e.period_id IN (SELECT id FROM"   \
	  " periods WHERE kind = 'month' AND year = ?1)")                                     \
	X(STMT_ANNUAL_POSTS,                                                                 \
	  "SELECT a.person_id, a.valid_from, a.valid_to, a.is_leader FROM assignments a"      \
	  " WHERE a.kind = 'primary' AND a.valid_from < ?2 AND (a.valid_to IS NULL OR"        \
	  " a.valid_to > ?1) ORDER BY a.person_id, a.valid_from")                             \
	X(STMT_ANNUAL_PAST,                                                                  \
	  "SELECT person_id, year, grade FROM annual_results WHERE year < ?1 AND year >= ?2")  \
	X(STMT_ANNUAL_UPSERT,                                                                \
	  "INSERT INTO annual_results(year, person_id, unit_id, decider_id, months_counted,"  \
	  " months_absent, days_absent, maternity_months, mean_total, by_score, grade,"       \
	  " top_granted, reason, consequences, computed_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6,"  \
	  " ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15) ON CONFLICT (year, person_id) DO UPDATE" \
	  " SET unit_id = excluded.unit_id, decider_id = excluded.decider_id,"                \
	  " months_counted = excluded.months_counted, months_absent = excluded.months_absent," \
	  " days_absent = excluded.days_absent, maternity_months = excluded.maternity_months," \
	  " mean_total = excluded.mean_total, by_score = excluded.by_score,"                   \
	  " grade = excluded.grade, top_granted = excluded.top_granted,"                      \
	  " reason = excluded.reason, consequences = excluded.consequences,"                  \
	  " computed_at = excluded.computed_at")                                              \
	X(STMT_ANNUAL_LIST,                                                                  \
	  "SELECT r.person_id, p.code, p.full_name, u.code, r.months_counted,"                \
	  " r.months_absent, r.days_absent, r.maternity_months, r.mean_total, r.by_score,"    \
	  " r.grade, r.top_granted, r.reason, r.consequences, r.computed_at, r.unit_id"       \
	  " FROM annual_results r JOIN people p ON p.id = r.person_id"                        \
	  " LEFT JOIN units u ON u.id = r.unit_id WHERE r.year = ?1"                          \
	  " ORDER BY u.code, p.name_key")                                                     \
	X(STMT_ANNUAL_LEADER_SINCE,                                                          \
	  "SELECT a.person_id, MIN(a.valid_from) FROM assignments a"                          \
	  " WHERE a.kind = 'primary' AND a.is_leader = 1 AND a.valid_from <= ?1"              \
	  " AND (a.valid_to IS NULL OR a.valid_to > ?1) GROUP BY a.person_id")                \
	X(STMT_EVAL_MAX_PERSON, "SELECT COALESCE(MAX(id), 0) FROM people")

#endif
