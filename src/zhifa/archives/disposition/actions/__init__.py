"""Actions of appraisal and destruction; pages, commands and the demo all call these."""
