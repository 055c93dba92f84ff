{
    "name": "Customer Satisfaction Surveys - Complaints",
    "summary": "Claims weigh in the satisfaction sampling and the management review",
    "version": "18.0.1.0.0",
    "category": "Sales/Customer Service",
    "website": "https://github.com/cc-suite/cc-suite",
    "author": "CC Suite",
    "maintainers": ["cc-suite"],
    "license": "LGPL-3",
    "development_status": "Beta",
    "depends": ["cc_survey", "cc_complaint"],
    "auto_install": True,
    "installable": True,
}
