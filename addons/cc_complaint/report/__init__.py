from . import cc_claim_statistics_xlsx
