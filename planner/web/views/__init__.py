"""What the pages show, made from the library's plan and its renderers' contexts: the plan
page (:mod:`.plan`), the Adjust page (:mod:`.adjust`) and the comparison of two prescriptions
(:mod:`.compare`)."""
