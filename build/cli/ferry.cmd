@echo off
rem `ferry` from an installed Ferry (Windows): the app's own Electron runs the command line
rem as plain Node. This file is resources\bin\ferry.cmd; add that folder to PATH to use it.
setlocal
set ELECTRON_RUN_AS_NODE=1
"%~dp0..\..\Ferry.exe" "%~dp0..\app.asar\bin\ferry.js" %*
