# pylint: disable=print-used
"""Volume benchmark of cc_survey: sampling, launch, index and management review.

Usage (Odoo on PYTHONPATH, e.g. after ``source setup/lib.sh && cc_bootstrap``)::

    python tests/benchmarks/cc_survey_bench.py -c <odoo.conf> -d <db> \
        [--customers 10000] [--small 2000]

The database must have ``cc_survey`` installed (with or without demo data).
The script builds its data in one transaction and rolls it back at the end, so
the database is left as it was.

One customer and one complaint are created through the ORM; the volume is
cloned from them with SQL ``INSERT ... SELECT generate_series`` (the point is
to measure the campaign, not the ORM's create): ``--customers`` companies,
nine in ten with an e-mail address, one in ten with one to three complaints or
quality feedbacks in the 12 months before the campaign's period (what the
weighted sampling counts). Then, for a population of ``--small`` customers and
for the whole population, on the default questionnaire:

* the weighted sample draw (20 %) against the bare search of the population
  plus the ORM create of the same sample lines;
* the draw of the whole population against the same bare search + create;
* the launch (one answer with its token per customer, the sample lines
  linked, the invitation e-mails queued) against the survey engine's own
  ``_create_answer`` called for each customer, as its invitation wizard does
  (answers only, without its e-mails);
* every invited customer then answers: the answer lines of the matrix and
  scale questions are inserted with SQL, one response in fifty dissatisfied
  (an improvement plan is proposed for it);
* the index computation (``action_compute_index``: scores per dimension and
  response, the campaign's results, the improvement plans) against one
  ``_read_group`` of the answer lines and against the ORM create of the same
  score rows;
* the management-review XLSX of the campaign against one ``_read_group`` of
  the campaign's scores per dimension.

Each figure is printed with the bare operation underneath it, measured in the
same run, and a ``ratio=`` line (time, then queries); a last table compares
the query counts of the two population sizes: the launch is batched (its
queries do not grow with the customers, where ``_create_answer`` costs several
queries per customer: one insert, the follower subscription and the creation
message of the answer's chatter), the index and the review grow only by the
ORM inserting the scores by hundreds.
"""

import argparse
import math
import resource
import time
from datetime import date, datetime, timedelta


def peak_rss_mb():
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024.0


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("-c", "--config", required=True, help="odoo.conf")
    parser.add_argument("-d", "--database", required=True)
    parser.add_argument("--customers", type=int, default=10000)
    parser.add_argument(
        "--small", type=int, default=2000, help="population of the small run"
    )
    args = parser.parse_args()

    import odoo
    from odoo import SUPERUSER_ID, api
    from odoo.modules.registry import Registry

    odoo.tools.config.parse_config(["-c", args.config, "-d", args.database])
    registry = Registry(args.database)
    print(
        f"database {args.database}: {args.customers} customers, "
        f"small run {args.small}"
    )
    with registry.cursor() as cr:
        env = api.Environment(cr, SUPERUSER_ID, {"tz": "UTC"})
        try:
            run(env, args)
        finally:
            cr.rollback()
            print("rolled back: the database is unchanged")


def clone(env, table, template_id, count, overrides, params):
    """Insert ``count`` copies of row ``template_id`` of ``table``, columns
    in ``overrides`` computed from ``g`` (1..count); returns the new ids."""
    cr = env.cr
    cr.execute(
        "SELECT column_name FROM information_schema.columns "
        "WHERE table_name = %s AND column_name != 'id'",
        [table],
    )
    columns = [row[0] for row in cr.fetchall()]
    select = ", ".join(overrides.get(col, f't."{col}"') for col in columns)
    cr.execute(
        f"""
        INSERT INTO "{table}" ({", ".join(f'"{col}"' for col in columns)})
        SELECT {select}
          FROM "{table}" t, generate_series(1, %(count)s) g
         WHERE t.id = %(template)s
         ORDER BY g
        RETURNING id
        """,  # noqa: S608 - table and columns come from the catalog
        dict(params, count=count, template=template_id),
    )
    return [row[0] for row in cr.fetchall()]


def setup_base(env, period_start):
    quiet = env(context=dict(env.context, tracking_disable=True, mail_notrack=True))
    partner = quiet["res.partner"].create(
        {
            "name": "Bench Survey Template Customer",
            "is_company": True,
            "customer_rank": 1,
            "email": "template@example.com",
            "ref": "TPL-SURVEY-BENCH",
        }
    )
    communication = quiet["cc.communication"].create(
        {
            "partner_id": partner.id,
            "topic": "complaint",
            "summary": "Defective lot",
            "date": datetime.combine(
                period_start - timedelta(days=60), datetime.min.time()
            ),
            "user_id": env.ref("base.user_admin").id,
        }
    )
    env.flush_all()
    return partner, communication


def insert_data(env, base, args, period_start):
    """``--customers`` customers (the first ``--small`` with ref ``CSB-S-``,
    the others ``CSB-L-``) and their complaints; returns the customer ids."""
    partner, communication = base
    t0 = time.perf_counter()
    ids = clone(
        env,
        "res_partner",
        partner.id,
        args.customers,
        {
            "name": "'Bench Survey Customer ' || lpad(g::text, 6, '0')",
            "complete_name": "'Bench Survey Customer ' || lpad(g::text, 6, '0')",
            "ref": "CASE WHEN g <= %(small)s THEN 'CSB-S-' ELSE 'CSB-L-' END "
            "|| lpad(g::text, 6, '0')",
            "email": "CASE WHEN g %% 10 = 0 THEN NULL "
            "ELSE 'csb' || g || '@example.com' END",
            "email_normalized": "CASE WHEN g %% 10 = 0 THEN NULL "
            "ELSE 'csb' || g || '@example.com' END",
        },
        {"small": args.small},
    )
    env.cr.execute(
        "UPDATE res_partner SET commercial_partner_id = id WHERE id = ANY(%s)", [ids]
    )
    # one customer in ten: 1 to 3 complaints / quality feedbacks in the window
    complainers = [
        pid
        for rank, pid in enumerate(ids, start=1)
        if rank % 10 == 1
        for _n in range(1 + (rank // 10) % 3)
    ]
    clone(
        env,
        "cc_communication",
        communication.id,
        len(complainers),
        {
            "name": "'CSB-C-' || lpad(g::text, 6, '0')",
            "partner_id": "(%(partners)s)[g]",
            "topic": "CASE WHEN g %% 4 = 0 THEN 'quality_feedback' ELSE 'complaint' END",
            "date": "%(start)s::timestamp - ((1 + g %% 330) || ' days')::interval",
        },
        {"partners": complainers, "start": period_start},
    )
    env.cr.execute("ANALYZE res_partner; ANALYZE cc_communication")
    env.invalidate_all()
    print(
        f"{len(ids)} customers and {len(complainers)} complaints inserted in "
        f"{time.perf_counter() - t0:.1f} s"
    )
    return ids


def measure(env, label, func):
    """Run ``func`` once (kept); returns ``(result, seconds, queries)``."""
    cr = env.cr
    env.flush_all()
    env.invalidate_all()
    queries = cr.sql_log_count
    t0 = time.perf_counter()
    result = func()
    env.flush_all()
    elapsed = time.perf_counter() - t0
    queries = cr.sql_log_count - queries
    print(
        f"  {label}: {elapsed * 1000:.0f} ms, {queries} queries, "
        f"peak RSS {peak_rss_mb():.0f} MB"
    )
    return result, elapsed, queries


def bare(env, label, func):
    """Like :func:`measure`, inside a savepoint rolled back afterwards."""
    cr = env.cr
    env.flush_all()
    env.invalidate_all()
    with cr.savepoint(flush=False) as savepoint:
        queries = cr.sql_log_count
        t0 = time.perf_counter()
        result = func()
        env.flush_all()
        elapsed = time.perf_counter() - t0
        queries = cr.sql_log_count - queries
        savepoint.rollback()
    env.invalidate_all()
    print(
        f"  bare: {label}: {elapsed * 1000:.0f} ms, {queries} queries, "
        f"peak RSS {peak_rss_mb():.0f} MB"
    )
    return result, elapsed, queries


def ratio(label, measured, baseline):
    print(
        f"  ratio={measured[1] / baseline[1]:.3f} time, "
        f"ratio={measured[2] / max(baseline[2], 1):.3f} queries "
        f"({measured[2]}/{baseline[2]}): {label}"
    )


def new_campaign(env, name, ref_like, sample_mode, period_start):
    return env["cc.survey.campaign"].create(
        {
            "name": name,
            "kind": "midyear",
            "date_start": period_start,
            "date_end": period_start + timedelta(days=29),
            "deadline": period_start + timedelta(days=45),
            "survey_id": env.ref("cc_survey.survey_customer_satisfaction").id,
            "population_domain": f"[('customer_rank', '>', 0), "
            f"('ref', '=like', '{ref_like}')]",
            "sample_mode": sample_mode,
            "sample_rate": 20.0,
            "sample_seed": 42,
        }
    )


def bare_lines(env, campaign, count):
    """The floor of a draw: search the population, create ``count`` lines."""

    def func():
        partners = env["res.partner"].search(campaign._cc_population_domain())
        env["cc.survey.campaign.line"].create(
            [
                {
                    "campaign_id": campaign.id,
                    "partner_id": pid,
                    "sample_reason": "random",
                }
                for pid in partners.ids[:count]
            ]
        )

    return func


def insert_responses(env, campaign):
    """Every invited customer answers: one line per matrix row (very satisfied
    or satisfied; dissatisfied for one response in fifty) and the 0-10 scale."""
    survey = campaign.survey_id
    rows = {"question": [], "row": [], "good": [], "fine": [], "bad": []}
    scale = None
    for question in survey.question_ids:
        if question.question_type == "matrix":
            columns = question.suggested_answer_ids.sorted("sequence")
            for row in question.matrix_row_ids:
                rows["question"].append(question.id)
                rows["row"].append(row.id)
                rows["good"].append(columns[0].id)
                rows["fine"].append(columns[1].id)
                rows["bad"].append(columns[3].id)
        elif question.question_type == "scale":
            scale = question
    cr = env.cr
    env.flush_all()
    t0 = time.perf_counter()
    cr.execute(
        """
        INSERT INTO survey_user_input_line (
            user_input_id, survey_id, question_id, question_sequence, skipped,
            answer_type, suggested_answer_id, matrix_row_id, answer_score,
            answer_is_correct, create_uid, write_uid, create_date, write_date)
        SELECT ui.id, ui.survey_id, r.question_id, 10, FALSE, 'suggestion',
               CASE WHEN ui.id %% 50 = 0 THEN r.bad
                    WHEN (ui.id + r.row_id) %% 2 = 0 THEN r.good
                    ELSE r.fine END,
               r.row_id, 0, FALSE, 1, 1, now(), now()
          FROM survey_user_input ui,
               unnest(%(questions)s::int[], %(rows)s::int[], %(good)s::int[],
                      %(fine)s::int[], %(bad)s::int[])
                   AS r(question_id, row_id, good, fine, bad)
         WHERE ui.cc_campaign_id = %(campaign)s
        """,
        {
            "questions": rows["question"],
            "rows": rows["row"],
            "good": rows["good"],
            "fine": rows["fine"],
            "bad": rows["bad"],
            "campaign": campaign.id,
        },
    )
    lines = cr.rowcount
    if scale:
        cr.execute(
            """
            INSERT INTO survey_user_input_line (
                user_input_id, survey_id, question_id, question_sequence, skipped,
                answer_type, value_scale, answer_score, answer_is_correct,
                create_uid, write_uid, create_date, write_date)
            SELECT ui.id, ui.survey_id, %(question)s, 20, FALSE, 'scale',
                   CASE WHEN ui.id %% 50 = 0 THEN 3 ELSE 7 + ui.id %% 4 END,
                   0, FALSE, 1, 1, now(), now()
              FROM survey_user_input ui
             WHERE ui.cc_campaign_id = %(campaign)s
            """,
            {"question": scale.id, "campaign": campaign.id},
        )
        lines += cr.rowcount
    cr.execute(
        """
        UPDATE survey_user_input
           SET state = 'done', start_datetime = now() - interval '10 minutes',
               end_datetime = now()
         WHERE cc_campaign_id = %s
        """,
        [campaign.id],
    )
    responses = cr.rowcount
    cr.execute("ANALYZE survey_user_input; ANALYZE survey_user_input_line")
    env.invalidate_all()
    print(
        f"  {responses} completed responses ({lines} answer lines) inserted in "
        f"{time.perf_counter() - t0:.1f} s"
    )
    return responses


def run_size(env, size, ref_like, period_start):
    """The whole flow for a population of ``size`` customers; returns the
    figures per operation."""
    figures = {}
    print(f"\n=== population of {size} customers ===")
    Line = env["cc.survey.campaign.line"]

    # 1. weighted sample draw
    sampled = new_campaign(
        env, f"Bench sample {size}", ref_like, "sample", period_start
    )
    count = min(size, math.ceil(size * sampled.sample_rate / 100.0))
    base = bare(
        env,
        f"search population + create {count} lines",
        bare_lines(env, sampled, count),
    )
    figures["weighted draw"] = measure(
        env, f"weighted sample draw (20 %, {count} lines)", sampled.action_draw_sample
    )
    reasons = Line._read_group(
        [("campaign_id", "=", sampled.id)], ["sample_reason"], ["__count"]
    )
    print(f"    drawn: {', '.join(f'{reason} {n}' for reason, n in reasons)}")
    ratio("weighted draw / bare search + create", figures["weighted draw"], base)

    # 2. draw of the whole population, then launch
    campaign = new_campaign(env, f"Bench all {size}", ref_like, "all", period_start)
    base = bare(
        env, f"search population + create {size} lines", bare_lines(env, campaign, size)
    )
    figures["whole draw"] = measure(
        env, f"whole-population draw ({size} lines)", campaign.action_draw_sample
    )
    ratio("whole draw / bare search + create", figures["whole draw"], base)

    survey = campaign.survey_id
    partners = campaign.line_ids.partner_id
    deadline = datetime.combine(campaign.deadline, datetime.max.time()).replace(
        microsecond=0
    )

    def engine_answers():
        # what the survey's invitation wizard does for each partner
        for partner in partners:
            survey._create_answer(
                partner=partner, check_attempts=False, deadline=deadline
            )

    base = bare(env, f"survey _create_answer for {size} customers", engine_answers)
    figures["launch"] = measure(
        env, f"launch ({size} answers + invitation e-mails)", campaign.action_launch
    )
    answers = campaign.line_ids.user_input_id
    mails = env["mail.mail"].search_count(
        [("model", "=", "survey.user_input"), ("res_id", "in", answers.ids)]
    )
    print(f"    {len(answers)} answers, {mails} e-mails queued, state {campaign.state}")
    followers = env["mail.followers"].search_count(
        [("res_model", "=", "survey.user_input"), ("res_id", "in", answers.ids)]
    )
    print(f"    {followers} followers on the answers")
    ratio("launch / survey _create_answer per customer", figures["launch"], base)
    figures["  survey _create_answer"] = base

    # 3. responses, then the index
    responses = insert_responses(env, campaign)
    Input = env["survey.user_input"]
    base = bare(
        env,
        "one _read_group of the answer lines per question and choice",
        lambda: env["survey.user_input.line"]._read_group(
            [("user_input_id.cc_campaign_id", "=", campaign.id)],
            ["question_id", "matrix_row_id", "suggested_answer_id"],
            ["__count", "value_scale:avg"],
        ),
    )
    figures["index"] = measure(
        env, f"index computation ({responses} responses)", campaign.action_compute_index
    )
    scores = env["cc.survey.score"].search_count([("campaign_id", "=", campaign.id)])
    plans = env["cc.survey.improvement.plan"].search_count(
        [("campaign_id", "=", campaign.id)]
    )
    levels = Input._read_group(
        [("cc_campaign_id", "=", campaign.id)], ["cc_level"], ["__count"]
    )
    print(
        f"    index {campaign.satisfaction_index:.2f}, {scores} scores, "
        f"{len(campaign.result_ids)} results, {plans} improvement plans; "
        f"levels: {', '.join(f'{level} {n}' for level, n in levels)}"
    )
    ratio("index / bare read_group", figures["index"], base)
    score_vals = env["cc.survey.score"].search_read(
        [("campaign_id", "=", campaign.id)],
        ["user_input_id", "partner_id", "dimension_id", "score", "date"],
    )
    company = campaign.company_id.id

    def bare_scores():
        env["cc.survey.score"].create(
            [
                {
                    "user_input_id": vals["user_input_id"][0],
                    "campaign_id": campaign.id,
                    "partner_id": vals["partner_id"][0],
                    "dimension_id": vals["dimension_id"] and vals["dimension_id"][0],
                    "score": vals["score"],
                    "date": vals["date"],
                    "company_id": company,
                }
                for vals in score_vals
            ]
        )

    base_create = bare(
        env, f"ORM create of the same {len(score_vals)} score rows", bare_scores
    )
    ratio("index / bare score create", figures["index"], base_create)
    figures["  bare score create"] = base_create

    # 4. management-review XLSX
    report = env.ref("cc_survey.cc_survey_management_review_xlsx")
    base = bare(
        env,
        "one _read_group of the campaign's scores per dimension",
        lambda: env["cc.survey.score"]._read_group(
            [("campaign_id", "=", campaign.id)], ["dimension_id"], ["score:avg"]
        ),
    )
    figures["review XLSX"] = measure(
        env,
        f"management-review XLSX ({responses} responses)",
        lambda: env["ir.actions.report"]._render_xlsx(
            report.report_name, campaign.ids, None
        ),
    )
    print(f"    file {len(figures['review XLSX'][0][0]) / 1024:.0f} KiB")
    ratio("review XLSX / bare read_group", figures["review XLSX"], base)
    return figures


def run(env, args):
    today = date.today()
    period_start = today.replace(day=1)
    base = setup_base(env, period_start)
    insert_data(env, base, args, period_start)
    t0 = time.perf_counter()
    small = run_size(env, args.small, "CSB-S-%", period_start)
    large = run_size(env, args.customers, "CSB-%", period_start)
    print(
        f"\n=== queries: {args.small} vs {args.customers} customers "
        f"(x{args.customers / args.small:.1f}) ==="
    )
    extra = args.customers - args.small
    for name, figures in small.items():
        q_small, q_large = figures[2], large[name][2]
        print(
            f"  {name}: {q_small} → {q_large} queries "
            f"({(q_large - q_small) / extra:.4f} per extra customer); "
            f"time {figures[1]:.1f} s → {large[name][1]:.1f} s"
        )
    print(
        f"measured in {time.perf_counter() - t0:.0f} s, "
        f"peak RSS at end: {peak_rss_mb():.0f} MB"
    )


if __name__ == "__main__":
    main()
