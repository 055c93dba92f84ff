from . import cc_survey_management_review_xlsx
