;;; eglot-lsp.el --- batch Emacs + eglot on sysopt-clangd -*- lexical-binding: t -*-
;; Prints each Flymake diagnostic of the opened file as "emacs LINE TEXT".
;; Usage: emacs --batch -l eglot-lsp.el SERVER FILE
(require 'eglot)
(require 'flymake)
(let* ((server (nth 0 command-line-args-left))
       (file (nth 1 command-line-args-left))
       (waited 0.0))
  (setq command-line-args-left nil)
  (add-to-list 'eglot-server-programs
               `((c-mode c++-mode) . (,server "--background-index=0")))
  (find-file file)
  (c++-mode)
  (apply #'eglot (eglot--guess-contact))
  (while (and (< waited 60) (null (flymake-diagnostics)))
    (accept-process-output nil 0.2)
    (flymake-start)
    (setq waited (+ waited 0.2)))
  (if (null (flymake-diagnostics))
      (princ "emacs: no diagnostics\n")
    (dolist (d (sort (flymake-diagnostics)
                     (lambda (a b) (< (flymake-diagnostic-beg a)
                                      (flymake-diagnostic-beg b)))))
      (princ (format "emacs %d %s\n"
                     (line-number-at-pos (flymake-diagnostic-beg d))
                     (flymake-diagnostic-text d)))))
  (ignore-errors (eglot-shutdown (eglot-current-server)))
  (kill-emacs 0))
