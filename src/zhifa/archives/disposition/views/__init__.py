"""Pages of appraisal and destruction."""
