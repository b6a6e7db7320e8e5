;;; eglot-test.el --- Emacs (28 + eglot 1.9, and newer) batch LSP smoke test of `node dist/server.js --stdio'  -*- lexical-binding: t -*-
;; Runs the completion, hover and diagnostics cases of test/e2e/cases.json against the scratch copy of
;; test/e2e/fixtures/ in $E2E_WS.  Run by scripts/e2e/run-emacs.sh:  emacs --batch -l test/e2e/emacs/eglot-test.el
;; Uses eglot internals (eglot--guess-contact, eglot--TextDocumentPositionParams, eglot--lsp-position-to-point),
;; fine for eglot 1.9 (Debian 12's elpa-eglot), may need changes for much newer eglot.
(package-initialize)                    ; picks up /usr/share/emacs/site-lisp/elpa/eglot-*
(require 'eglot)
(require 'sql)
(require 'json)
(require 'cl-lib)

(defvar e2e-root default-directory)
(defvar e2e-ws (or (getenv "E2E_WS") (error "E2E_WS (scratch workspace) not set")))
(defvar e2e-only (getenv "E2E_CASES"))
(defvar e2e-spec (let ((json-object-type 'plist) (json-array-type 'list) (json-key-type 'keyword))
                   (json-read-file (expand-file-name "test/e2e/cases.json" e2e-root))))
(defun e2e-out (fmt &rest args) (princ (concat (apply #'format fmt args) "\n")))

;; R and Stata: minimal major modes when none is installed (eglot derives the languageId from the mode name).
(unless (fboundp 'r-mode) (define-derived-mode r-mode prog-mode "R"))
(unless (fboundp 'stata-mode) (define-derived-mode stata-mode prog-mode "Stata"))
(defvar e2e-modes '(("sql" . sql-mode) ("r" . r-mode) ("stata" . stata-mode)))

(setq eglot-sync-connect t eglot-autoshutdown t eglot-events-buffer-size 0)
;; One entry (so one server) per mode: eglot 1.9 sends a single languageId per server, taken from its mode name.
(dolist (mode '(sql-mode r-mode stata-mode))
  (add-to-list 'eglot-server-programs
               `(,mode . ("node" ,(expand-file-name "dist/server.js" e2e-root) "--stdio"))))
;; The scratch workspace is the project (not the enclosing git repository).
(add-hook 'project-find-functions (lambda (_dir) (cons 'transient e2e-ws)))

;; Record every publishDiagnostics, as the server sent it.
(defvar e2e-published (make-hash-table :test 'equal))
(cl-defmethod eglot-handle-notification :before
  (_server (_method (eql textDocument/publishDiagnostics)) &key uri diagnostics &allow-other-keys)
  (puthash uri diagnostics e2e-published))

(defun e2e-open (c)
  (find-file (expand-file-name (plist-get c :fixture) e2e-ws))
  (let* ((ext (file-name-extension (plist-get c :fixture)))
         (lang (or (plist-get c :language) (plist-get (plist-get e2e-spec :languages) (intern (concat ":" ext))))))
    (funcall (cdr (assoc lang e2e-modes))))
  (unless (eglot-current-server) (apply #'eglot (eglot--guess-contact)))
  (or (eglot-current-server) (error "eglot did not connect")))

(defun e2e-caret (at)
  (let* ((bar (string-match-p "|" at))
         (needle (concat (substring at 0 bar) (substring at (1+ bar)))))
    (goto-char (point-min))
    (unless (search-forward needle nil t) (error "\"%s\" not found" needle))
    (goto-char (+ (match-beginning 0) bar))))

(defun e2e-wait (pred seconds)
  (let ((end (+ (float-time) seconds)))
    (while (and (not (funcall pred)) (< (float-time) end)) (accept-process-output nil 0.05))
    (funcall pred)))

(defun e2e-completion (c)
  (let ((server (e2e-open c)))
    (e2e-caret (plist-get c :at))
    (let* ((res (jsonrpc-request server :textDocument/completion (eglot--TextDocumentPositionParams)))
           (items (if (vectorp res) res (plist-get res :items)))
           (labels (mapcar (lambda (i) (plist-get i :label)) items))
           (missing (cl-remove-if (lambda (l) (member l labels)) (plist-get c :includes))))
      (when missing (error "missing completions %S" missing))
      (format "%d items, e.g. %s" (length labels) (mapconcat #'identity (plist-get c :includes) ", ")))))

(defun e2e-hover (c)
  (let ((server (e2e-open c)))
    (e2e-caret (plist-get c :at))
    (let* ((res (jsonrpc-request server :textDocument/hover (eglot--TextDocumentPositionParams)))
           (contents (plist-get res :contents))
           (text (if (stringp contents) contents (or (plist-get contents :value) (format "%S" contents)))))
      (unless (string-search (plist-get c :matches) text) (error "hover lacks %S: %s" (plist-get c :matches) text))
      (car (split-string text "\n")))))

(defun e2e-diagnostics (c)
  (e2e-open c)
  (let* ((uri (eglot--path-to-uri (buffer-file-name)))
         (want (mapconcat #'identity (plist-get c :expect) "; "))
         (got nil) (since (float-time))
         (now (lambda ()
                (mapconcat #'identity
                           (cl-loop for d across (or (gethash uri e2e-published) [])
                                    when (equal (plist-get d :source) "tre-catalogue")
                                    collect (let ((r (plist-get d :range)))
                                              (format "%s %s" (plist-get d :code)
                                                      (buffer-substring-no-properties
                                                       (eglot--lsp-position-to-point (plist-get r :start))
                                                       (eglot--lsp-position-to-point (plist-get r :end))))))
                           "; "))))
    (e2e-wait (lambda ()
                (when (gethash uri e2e-published)
                  (let ((s (funcall now)))
                    (unless (and (equal s want) (equal s got)) (setq since (float-time)))
                    (setq got s)
                    (and (equal s want) (>= (- (float-time) since) 1.0)))))
              20)
    (unless (equal got want) (error "diagnostics: got [%s], want [%s]" got want))
    (if (string-empty-p want) "none" want)))

(let ((passed 0) (failed 0)
      (checks '(("completion" . e2e-completion) ("hover" . e2e-hover) ("diagnostics" . e2e-diagnostics))))
  (dolist (c (plist-get e2e-spec :cases))
    (let ((fn (cdr (assoc (plist-get c :check) checks))) (t0 (float-time)))
      (when (and fn (or (not e2e-only) (string-match-p e2e-only (plist-get c :name))))
        (condition-case err
            (let ((detail (funcall fn c)))
              (setq passed (1+ passed))
              (e2e-out "PASS %s (%d ms): %s" (plist-get c :name) (round (* 1000 (- (float-time) t0))) detail))
          (error (setq failed (1+ failed))
                 (e2e-out "FAIL %s: %s" (plist-get c :name) (error-message-string err)))))))
  (ignore-errors (mapc (lambda (s) (eglot-shutdown s)) (cl-loop for ss being the hash-values of eglot--servers-by-project append ss)))
  (e2e-out "e2e-result: emacs %d passed, %d failed" passed failed)
  (kill-emacs (if (and (= failed 0) (> passed 0)) 0 1)))
