"""Cards the pipeline puts between scenes: the title card before each chapter of a lecture."""
